"""Tests of mledojo_client. Offline tests always run; platform tests need DOJO_TEST_URL and DOJO_TEST_TOKEN (the Java
test PythonClientTest starts the platform and sets them); the gymnasium test needs gymnasium.

    /usr/bin/python3 -m unittest discover -s src/main/python/tests -t src/main/python -v
"""
