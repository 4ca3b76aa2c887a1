"""A live server that takes a rush: many real HTTP requests arriving in the same instant."""

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread, _StaticFilesHandler


class RushServer(ThreadedWSGIServer):
    # The kernel's accept queue must hold everybody arriving in the same instant;
    # Django's default (10) makes the kernel drop connections, which is not the
    # race these tests are about.
    request_queue_size = 128


class RushServerThread(LiveServerThread):
    server_class = RushServer


@pytest.fixture
def rush_server(transactional_db):
    """Django's live server (one thread and database connection per request)."""
    thread = RushServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()
