import os
import tempfile
import unittest

from tokenbench.servers import JarsOnStockRealmServer, StockServer, StockTwinServer


class StandInTest(unittest.TestCase):
    """What stands where the installed server stands in an experiment on scenario (a)."""

    def test_the_twin_adds_no_providers(self):
        with tempfile.TemporaryDirectory() as home:
            os.mkdir(os.path.join(home, "providers"))
            StockTwinServer.add_providers(home)
            self.assertEqual(os.listdir(os.path.join(home, "providers")), [])

    def test_each_stand_in_has_a_home_and_database_of_its_own(self):
        suffixes = [cls.home_suffix for cls in (StockServer, JarsOnStockRealmServer, StockTwinServer)]
        self.assertEqual(len(set(suffixes)), 3)

    def test_the_twin_is_known_to_the_load_as_the_installed_server(self):
        self.assertEqual(StockTwinServer.name, "installed")
        self.assertTrue(issubclass(StockTwinServer, StockServer))


if __name__ == "__main__":
    unittest.main()
