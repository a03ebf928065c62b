package dev.tokenbroker.upstream.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ServiceLoader;

import org.infinispan.protostream.ProtobufUtil;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;
import org.junit.jupiter.api.Test;

import dev.tokenbroker.upstream.cache.UpstreamCacheDrop.Target;

/**
 * A drop must survive ProtoStream marshalling, as Keycloak 26 does it between nodes (a
 * {@code WrappedMessage} inside its cluster event wrapper), with nothing but what our jar registers.
 */
class UpstreamCacheSchemaTest {

    @Test
    void whenListedAsServiceThenKeycloakFindsTheSchema() {
        assertThat(ServiceLoader.load(SerializationContextInitializer.class).stream().map(ServiceLoader.Provider::type))
                .contains(UpstreamCacheSchema.class);
    }

    @Test
    void whenMarshalledThenEveryTargetComesBackEqual() throws IOException {
        SerializationContext context = contextWithOurSchema();
        for (Target target : Target.values()) {
            UpstreamCacheDrop drop = new UpstreamCacheDrop("realm-1", target, "id-" + target);

            byte[] bytes = ProtobufUtil.toWrappedByteArray(context, drop);

            assertThat((Object) ProtobufUtil.fromWrappedByteArray(context, bytes)).isEqualTo(drop);
        }
    }

    @Test
    void whenSchemaNotRegisteredThenMarshallingFails() {
        SerializationContext bare = ProtobufUtil.newSerializationContext();

        assertThatThrownBy(() -> ProtobufUtil.toWrappedByteArray(bare, new UpstreamCacheDrop("r", Target.USER, "u")))
                .hasMessageContaining("No marshaller registered");
    }

    @Test
    void whenTargetUnknownToThisNodeThenReadingFails() throws IOException {
        SerializationContext newerNode = ProtobufUtil.newSerializationContext();
        new UpstreamCacheSchema().registerSchema(newerNode);
        newerNode.registerMarshaller(new RawTargetMarshaller());
        byte[] fromNewerNode = ProtobufUtil.toByteArray(newerNode, new RawTarget("r", "SOMETHING_NEW", "x"));

        assertThatThrownBy(() -> ProtobufUtil.fromByteArray(contextWithOurSchema(), fromNewerNode, UpstreamCacheDrop.class))
                .isInstanceOf(IOException.class).hasMessage("incomplete or unknown upstream cache drop");
    }

    private static SerializationContext contextWithOurSchema() {
        SerializationContext context = ProtobufUtil.newSerializationContext();
        new UpstreamCacheSchema().register(context);
        return context;
    }

    /** The same message with a free-text target, as a newer node could send it. */
    private record RawTarget(String realmId, String target, String id) {
    }

    private static final class RawTargetMarshaller implements org.infinispan.protostream.ProtobufTagMarshaller<RawTarget> {
        @Override
        public Class<RawTarget> getJavaClass() {
            return RawTarget.class;
        }

        @Override
        public String getTypeName() {
            return UpstreamCacheSchema.TYPE_NAME;
        }

        @Override
        public RawTarget read(ReadContext context) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(WriteContext context, RawTarget raw) throws IOException {
            context.getWriter().writeString(1, raw.realmId());
            context.getWriter().writeString(2, raw.target());
            context.getWriter().writeString(3, raw.id());
        }
    }
}
