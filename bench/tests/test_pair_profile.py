import unittest

import fixtures  # noqa: F401  (bench/ on the import path)
from tokenbench.pair_profile import Samples, area_of, area_rows, difference_rows, frame_name

JIT = "start_thread;thread_native_entry;Thread::call_run;JavaThread::thread_main_inner;CompileBroker::compiler_thread_loop;C2Compiler::compile_method"
GC = "start_thread;thread_native_entry;Thread::call_run;GangWorker::run;GangWorker::loop;G1EvacuateRegionsBaseTask::work"
REQUEST = ("java/lang/Thread.run;org/jboss/threads/EnhancedQueueExecutor$ThreadBody.run;"
           "org/keycloak/protocol/oidc/endpoints/TokenEndpoint.processGrantRequest;"
           "org/keycloak/events/EventBuilder$$Lambda$2097.0x00007f6510074560.accept;g1_post_barrier_slow;G1BarrierSetRuntime::write_ref")
COMMIT = "java/lang/Thread.run;io/vertx/core/impl/ContextInternal.dispatch;org/keycloak/services/DefaultKeycloakSession.close"


class AreaTest(unittest.TestCase):

    def test_compiler_and_gc_threads_are_told_by_the_frames_near_the_root(self):
        self.assertEqual(area_of(JIT), "JIT compiler")
        self.assertEqual(area_of(GC), "GC")

    def test_a_request_whose_leaf_is_a_g1_barrier_stays_a_request(self):
        self.assertEqual(area_of(REQUEST), "token endpoint")

    def test_the_end_of_a_request_outside_the_endpoint_is_http_and_commit(self):
        self.assertEqual(area_of(COMMIT), "HTTP and transaction end (Vert.x, Netty, commit)")

    def test_generated_class_names_are_the_same_in_every_jvm(self):
        self.assertEqual(frame_name("org/keycloak/events/EventBuilder$$Lambda$2097.0x00007f6510074560.accept"),
                         "org.keycloak.events.EventBuilder")
        self.assertEqual(frame_name("java/lang/invoke/LambdaForm$MH.0x00007f650f039c00.invoke"),
                         "java.lang.invoke.LambdaForm$MH.invoke")
        self.assertEqual(frame_name("org/keycloak/Foo.bar"), "org.keycloak.Foo.bar")


class SamplesTest(unittest.TestCase):

    def samples(self, lines, requests):
        s = Samples()
        s.add_collapsed(lines)
        s.requests = requests
        return s

    def test_a_frame_counts_once_per_stack_and_samples_are_per_thousand_requests(self):
        s = self.samples([REQUEST + " 30\n", COMMIT + " 10\n", JIT + " 5\n", "malformed\n"], requests=500)
        self.assertEqual(s.total, 45)
        self.assertEqual(s.per_thousand(s.frames)["java.lang.Thread.run"], 80.0)  # (30 + 10) * 1000 / 500
        self.assertEqual(s.per_thousand(s.areas), {"token endpoint": 60.0, "HTTP and transaction end (Vert.x, Netty, commit)": 20.0,
                                                   "JIT compiler": 10.0})

    def test_rows_compare_the_scenario_with_its_reference(self):
        samples = {"s": self.samples([REQUEST + " 20\n"], requests=1000),
                   "b": self.samples([REQUEST + " 20\n", "java/lang/Thread.run;dev/tokenbroker/audit/AuditLine.write 5\n"],
                                     requests=1000)}
        areas = area_rows(samples, ["s", "b"])
        self.assertEqual(areas[0], "| area | s | b |")
        self.assertIn("| token endpoint | 20 | 20 |", areas)
        self.assertEqual(areas[-1], "| all | 20 | 25 |")
        differences = difference_rows(samples, "b", "s")
        self.assertEqual(differences[2], "| `dev.tokenbroker.audit.AuditLine.write` | 0.0 | 5.0 | +5.0 |")


if __name__ == "__main__":
    unittest.main()
