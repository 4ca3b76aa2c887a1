"""A live server that takes a rush: many real HTTP requests arriving in the same instant."""

import threading
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def post_at_once(url, origin, count, fields, *, open_form=False, follow=False):
    """``count`` senders POST to ``url`` at the same instant; returns their statuses in order.

    ``fields(number, form)`` gives a sender's form fields; ``form`` is the page's HTML when
    ``open_form`` (each sender first loads ``url`` as a browser would, with their own
    cookies, e.g. for a CSRF token), else ``None``. Posts come from the site itself
    (Origin and Referer, as website.spam.same_origin expects). A redirect is answered
    with its 3xx status unless ``follow``.
    """
    barrier = threading.Barrier(count)
    statuses = [None] * count
    errors = []

    def sender(number):
        try:
            handlers = [urllib.request.HTTPCookieProcessor(CookieJar())]
            if not follow:
                handlers.append(_NoRedirect())
            opener = urllib.request.build_opener(*handlers)
            form = opener.open(url, timeout=60).read().decode() if open_form else None
            request = urllib.request.Request(  # noqa: S310  (127.0.0.1 only)
                url,
                data=urllib.parse.urlencode(fields(number, form)).encode(),
                headers={"Origin": origin, "Referer": url},
            )
            barrier.wait(timeout=60)
            try:
                statuses[number] = opener.open(request, timeout=120).status
            except urllib.error.HTTPError as error:
                statuses[number] = error.code
        except Exception as error:  # noqa: BLE001  (reported below)
            barrier.abort()
            errors.append(f"sender {number}: {error!r}")

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    return statuses
