import unittest

import fixtures  # noqa: F401  (bench/ on the import path)
from tokenbench.profiling import categorize, summarize_samples


class CategorizeTest(unittest.TestCase):

    def test_the_innermost_known_library_frame_decides(self):
        frames = [("java.math.BigInteger", "modPow"), ("sun.security.rsa.RSACore", "crypt"),
                  ("org.keycloak.jose.jws.JWSBuilder", "sign")]
        self.assertEqual(categorize(frames), "RSA arithmetic (java.math, sun.security.rsa: signing, verifying)")

    def test_jdk_collections_are_charged_to_their_caller(self):
        frames = [("java.util.HashMap", "get"), ("org.infinispan.cache.impl.CacheImpl", "get")]
        self.assertEqual(categorize(frames), "Infinispan")

    def test_jdk_regex_is_a_category_of_its_own(self):
        frames = [("java.util.regex.Pattern", "matcher"), ("org.keycloak.services.Util", "check")]
        self.assertEqual(categorize(frames), "JDK regex")

    def test_a_stack_of_jdk_plumbing_only_falls_back_to_its_leaf(self):
        self.assertEqual(categorize([("java.util.HashMap", "get"), ("java.lang.Thread", "run")]), "JDK other")

    def test_unknown_code_is_other(self):
        self.assertEqual(categorize([("com.example.Thing", "run")]), "other")


class SummaryTest(unittest.TestCase):

    def test_our_methods_are_listed_apart_from_keycloak_ones(self):
        samples = [[("dev.tokenbroker.exchange.Provider", "exchange"), ("org.keycloak.TokenEndpoint", "process")]] * 3
        summary = summarize_samples(samples)
        self.assertEqual(summary["samples"], 3)
        self.assertEqual(summary["ours"], [("dev.tokenbroker.exchange.Provider.exchange", 3, 100.0)])
        self.assertEqual(summary["inclusive"], [("org.keycloak.TokenEndpoint.process", 3, 100.0)])


if __name__ == "__main__":
    unittest.main()
