package dev.tokenbroker.emulators.support;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Namespace-aware XML reading of STS answers, the way an AWS SDK parses them. */
public final class XmlBody {

    public static final String STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

    private final Document document;

    private XmlBody(Document document) {
        this.document = document;
    }

    public static XmlBody parse(String xml) throws IOException, SAXException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // The default handler prints "[Fatal Error]" to stderr before throwing; throwing is enough.
            builder.setErrorHandler(new DefaultHandler() {
                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return new XmlBody(builder.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static XmlBody of(String xml) {
        try {
            return parse(xml);
        } catch (IOException | SAXException e) {
            throw new AssertionError("not XML: " + xml, e);
        }
    }

    public String rootName() {
        return document.getDocumentElement().getLocalName();
    }

    public String rootNamespace() {
        return document.getDocumentElement().getNamespaceURI();
    }

    /** Text of the single element with that local name in the STS namespace. */
    public String text(String localName) {
        NodeList nodes = document.getElementsByTagNameNS(STS_NAMESPACE, localName);
        if (nodes.getLength() != 1) {
            throw new AssertionError("expected one <" + localName + ">, found " + nodes.getLength());
        }
        return nodes.item(0).getTextContent();
    }

    public boolean has(String localName) {
        return document.getElementsByTagNameNS(STS_NAMESPACE, localName).getLength() > 0;
    }
}
