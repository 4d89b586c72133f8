#!/usr/bin/env python3
"""Opens HTML reports in headless Chromium and fails on anything a reader
would see broken: an uncaught script error, a console error (which includes
Chromium's "Failed to load resource"), a request that failed, an <img> that
did not decode, or an inline <svg> that draws nothing. Every figures/*.svg
beside a report is opened too (an SVG that is not well-formed shows as an
XML error page). A PNG screenshot of each page is kept.

    browser_check.py SCREENSHOT_DIR PAGE...

Exit 0 when every page is clean, 1 when any page is broken or missing (or
none is given), 2 when Chromium cannot be started.

Chromium is driven over its DevTools protocol on a pipe
(--remote-debugging-pipe: requests on fd 3, replies on fd 4, each a JSON
message ended by a NUL byte), so nothing beyond python3's standard library
and the chromium package is needed. CHROMIUM names the browser (default
chromium)."""

import base64
import fcntl
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time

PAGE_TIMEOUT_SECONDS = 30
MAX_SCREENSHOT_HEIGHT = 20000  # CSS pixels

# Runs in the loaded page: waits for every image to load or fail, and
# returns what is broken. Lazy images are made eager first, or those below
# the window would never load. An inline <svg> (the outermost of nested
# ones) is broken when it has no drawable child or draws in a zero area. A
# page that is itself an SVG file must hold an SVG drawing.
FIGURE_CHECK = """
(async () => {
  const broken = [];
  const images = Array.from(document.images);
  for (const image of images) image.loading = 'eager';
  await Promise.all(images.map(image => image.decode().then(
    () => { if (image.naturalWidth === 0) broken.push('empty image: ' + image.src); },
    () => broken.push('image did not load: ' + (image.getAttribute('src') || '(no src)')))));
  if (document.contentType === 'image/svg+xml' && !(document.documentElement instanceof SVGSVGElement))
    broken.push('not an SVG drawing (empty, or another kind of file)');
  const parseError = document.querySelector('parsererror');
  if (parseError) broken.push('not well-formed: ' + parseError.textContent.trim().slice(0, 200));
  const drawable = 'path, line, polyline, polygon, rect, circle, ellipse, text, image, use';
  const svgs = Array.from(document.querySelectorAll('svg')).filter(svg => !svg.parentElement || !svg.parentElement.closest('svg'));
  svgs.forEach((svg, i) => {
    const name = 'svg ' + (i + 1) + (svg.id ? ' (#' + svg.id + ')' : '');
    if (!svg.querySelector(drawable)) { broken.push(name + ' draws nothing'); return; }
    const box = svg.getBBox();
    if (box.width === 0 && box.height === 0) broken.push(name + ' draws in a zero area');
  });
  return {broken, images: images.length, svgs: svgs.length};
})()
"""


class Chromium:
    """One headless Chromium, one tab, spoken to over the DevTools pipe."""

    def __init__(self):
        executable = os.environ.get("CHROMIUM", "chromium")
        if shutil.which(executable) is None:
            raise RuntimeError(f"{executable} not installed (Debian: apt-get install chromium)")
        self.profile = tempfile.mkdtemp(prefix="browser-check-")
        to_browser_read, self.to_browser = os.pipe()
        self.from_browser, from_browser_write = os.pipe()
        flags = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--remote-debugging-pipe", f"--user-data-dir={self.profile}", "--window-size=1200,900",
                 "--hide-scrollbars"]
        if os.geteuid() == 0:
            flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox

        def onto_fds_3_and_4():
            # Through fds above 4 first, so neither dup2 overwrites the
            # other's source; dup2 makes 3 and 4 inheritable, while the
            # pipes' own fds close on exec.
            read_end = fcntl.fcntl(to_browser_read, fcntl.F_DUPFD_CLOEXEC, 10)
            write_end = fcntl.fcntl(from_browser_write, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen([executable, *flags, "about:blank"], preexec_fn=onto_fds_3_and_4,
                                        close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=True)

    def close(self):
        self.process.kill()
        self.process.wait()
        os.close(self.to_browser)
        os.close(self.from_browser)
        shutil.rmtree(self.profile, ignore_errors=True)

    def receive(self, deadline):
        while b"\0" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.from_browser], [], [], remaining)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed its DevTools pipe (did it crash?)")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method, params=None, session=False, timeout=PAGE_TIMEOUT_SECONDS):
        self.next_id += 1
        request = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            request["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(request).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            message = self.receive(deadline)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error'].get('message')}")
                return message["result"]
            if "method" in message:
                self.events.append(message)

    def wait_for_event(self, method, timeout=PAGE_TIMEOUT_SECONDS):
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event["method"] == method:
                    return
            message = self.receive(deadline)
            if "method" in message:
                self.events.append(message)


def problems_in(events):
    """What the page's events say went wrong, one line each."""
    problems = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text", "")
            problems.append(f"script error: {text.splitlines()[0] if text else '?'} (line {details.get('lineNumber', 0) + 1})")
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            words = [str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])]
            problems.append("console error: " + " ".join(words))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            entry = params["entry"]
            problems.append(f"console error: {entry['text']} {entry.get('url', '')}".rstrip())
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            problems.append(f"failed resource: {params.get('errorText')} (request {params.get('requestId')})")
    return problems


def check_page(browser, page, screenshot):
    browser.events = []
    browser.call("Page.navigate", {"url": page.as_uri()}, session=True)
    browser.wait_for_event("Page.loadEventFired")
    result = browser.call("Runtime.evaluate", {"expression": FIGURE_CHECK, "awaitPromise": True, "returnByValue": True},
                          session=True)
    if "exceptionDetails" in result:
        raise RuntimeError(f"the figure check could not run: {result['exceptionDetails'].get('text')}")
    figures = result["result"]["value"]
    # The whole page, not just the window, up to a height that keeps the file small.
    size = browser.call("Page.getLayoutMetrics", session=True)["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], MAX_SCREENSHOT_HEIGHT), "scale": 1}
    shot = browser.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip},
                        session=True)
    screenshot.write_bytes(base64.b64decode(shot["data"]))
    return problems_in(browser.events) + figures["broken"], figures


def pages_to_check(reports):
    """Each report, then the standalone figures beside it."""
    for report in reports:
        yield report
        yield from sorted(report.parent.glob("figures/*.svg"))


def main(arguments):
    if len(arguments) < 2:
        print(__doc__.split("\n\n")[1].strip())
        print("FAIL: no report given")
        return 1
    screenshots = pathlib.Path(arguments[0]).resolve()
    reports = [pathlib.Path(name).resolve() for name in arguments[1:]]
    missing = [report for report in reports if not report.is_file()]
    for report in missing:
        print(f"FAIL: no report at {report} (did the test that writes it run?)")
    if missing:
        return 1
    try:
        if screenshots.is_dir():
            shutil.rmtree(screenshots)  # no screenshot of an earlier run is left to mislead
        screenshots.mkdir(parents=True)
    except OSError as error:
        print(f"FAIL: cannot make the screenshot folder: {error}")
        return 1
    try:
        browser = Chromium()
    except (RuntimeError, OSError, TimeoutError) as error:
        print(f"FAIL: cannot start headless Chromium: {error}")
        return 2
    # Screenshots are named by the page's path below the reports' common folder.
    common = pathlib.Path(os.path.commonpath([report.parent for report in reports]))
    failures = 0
    checked = 0
    try:
        for page in pages_to_check(reports):
            started = time.monotonic()
            shot = screenshots / ("_".join(page.relative_to(common).parts) + ".png")
            try:
                problems, figures = check_page(browser, page, shot)
            except (RuntimeError, TimeoutError, OSError) as error:
                problems, figures = [f"could not be checked: {error}"], {"images": 0, "svgs": 0}
            checked += 1
            verdict = "FAIL" if problems else "ok"
            print(f"{verdict}: {page} ({figures['images']} images, {figures['svgs']} inline SVGs, "
                  f"{time.monotonic() - started:.1f} s) -> {shot.name}")
            for problem in problems:
                print(f"    {problem}")
            failures += bool(problems)
    finally:
        browser.close()
    print(f"{checked - failures} of {checked} pages clean in headless Chromium; screenshots in {screenshots}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
