#!/usr/bin/env python3
"""End-to-end test of `quire annotate` in real headless Chromium.

Packs the shared sample traces (hostile ones included) into an open .quire bundle with the built `quire`,
serves it with `quire annotate --no-open --port 0`, and drives the page with Selenium:

  * signs in through the printed URL (token exchanged for a cookie, token gone from the address bar);
  * annotates three items with the keyboard only (digits, Tab, Enter, f, c, u, a text score, a span note);
  * reloads the page and restarts the server, checking every answer survived both;
  * opens hos-001..003 with a trap installed (alert/confirm/prompt recorded, CSP violations recorded, console
    errors collected, DOM checked for scripts, handlers, links, frames, images) and checks the hostile strings
    are visible as text;
  * measures next-item render time in the page;
  * seals with Finish and runs `quire verify` on the archive.

Screenshots go to Tests/e2e/artifacts/ (or QUIRE_E2E_ARTIFACTS). Exit status 0 when every check passed.

Usage: python3 Tests/e2e/annotator_e2e.py [--quire PATH] [--keep]
Needs: chromium + chromedriver (Debian packages), `pip install selenium`.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
ARTIFACTS = os.environ.get("QUIRE_E2E_ARTIFACTS") or os.path.join(ROOT, "Tests", "e2e", "artifacts")

QUEUE = """\
name: e2e-sample
description: Every shared sample trace, hostile ones included
instructions: |
  # How to score

  Read the **whole** conversation, including tool results, then score the final answer.

  - *correctness*: 1 = wrong, 5 = fully correct and complete
  - *tone*: how the answer sounds to the user
  - *hallucination*: anything stated that the conversation does not support

  > Raw HTML in traces is shown as text: <b>this is not bold</b>.
sources:
  - path: {sample}
    format: native
unit: trace
order: oldest
scores:
  - {{ name: correctness, type: numeric, min: 1, max: 5, step: 1, description: "Is the final answer right and complete?" }}
  - {{ name: tone, type: categorical, categories: [{{label: good, value: 1}}, {{label: neutral, value: 0.5}}, {{label: bad, value: 0}}] }}
  - {{ name: hallucination, type: boolean, description: "Does it state anything unsupported?" }}
  - {{ name: notes, type: text, max_length: 2000 }}
  - {{ name: expected_output, type: correction, description: "Rewrite the answer as it should have been." }}
blind: true
"""

# Installed before any page script runs: records every way hostile content could try to act.
TRAP = """
window.__quireTrap = {alerts: [], violations: [], errors: []};
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = function (...args) { window.__quireTrap.alerts.push(name + ':' + String(args[0])); };
}
document.addEventListener('securitypolicyviolation', (event) => {
  window.__quireTrap.violations.push(event.violatedDirective + ' ' + event.blockedURI);
});
window.addEventListener('error', (event) => { window.__quireTrap.errors.push(String(event.message)); });
"""

# What must never appear in the page: anything trace text could have turned into.
DOM_AUDIT = """
const main = document.body;
const bad = [];
for (const el of main.querySelectorAll('*')) {
  for (const attr of el.attributes) {
    if (/^on/i.test(attr.name)) bad.push(el.tagName + '[' + attr.name + ']');
    if ((attr.name === 'href' || attr.name === 'src' || attr.name === 'srcdoc') && el.tagName !== 'LINK' && el.tagName !== 'SCRIPT') bad.push(el.tagName + '[' + attr.name + ']');
    // The page sets a few positions and widths through the CSSOM; none inside the trace's own content.
    if (attr.name === 'style' && el.closest('#item-column, #scores, #notes, #table-view')) bad.push(el.tagName + '[style]');
  }
}
for (const tag of ['iframe', 'img', 'svg', 'object', 'embed', 'a', 'form', 'video', 'audio', 'base', 'meta[http-equiv]']) {
  for (const el of document.querySelectorAll(tag)) bad.push('<' + tag + '>');
}
const scripts = [...document.querySelectorAll('script')].map((s) => s.getAttribute('src'));
return {bad, scripts};
"""


class Failure(Exception):
    pass


CHECKS = []


def check(condition, message):
    if not condition:
        raise Failure(message)
    CHECKS.append(message)
    print("  ok  " + message)


class Annotator:
    """A running `quire annotate` child process."""

    def __init__(self, quire, bundle, extra):
        self.process = subprocess.Popen(
            [quire, "annotate", bundle, "--no-open", "--port", "0", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()
        if not line.startswith("http://127.0.0.1:"):
            self.process.kill()
            raise Failure("annotate printed no URL: %r / %s" % (line, self.process.stderr.read()))
        self.url = line

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise Failure("annotate did not stop on SIGTERM")
        stderr = self.process.stderr.read()
        return status, stderr


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1440,1000",
                     "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": TRAP})
    return driver


def keys(driver, *sequence, pause=0.15):
    ActionChains(driver).send_keys(*sequence).perform()
    time.sleep(pause)


def wait_saved(driver, timeout=10):
    WebDriverWait(driver, timeout).until(
        lambda d: d.execute_script(
            "const s = document.getElementById('save-state'); return s.classList.contains('saved') || s.classList.contains('error');"))
    state = driver.find_element(By.ID, "save-state")
    if "error" in state.get_attribute("class"):
        raise Failure("save failed: " + driver.find_element(By.ID, "banner-text").text)


def wait_item(driver, item_id, timeout=10):
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.body.dataset.item") == item_id)
    time.sleep(0.1)


def current_item(driver):
    return driver.execute_script("return document.body.dataset.item")


def api(driver, path):
    return driver.execute_script(
        "const r = await fetch(arguments[0], {credentials: 'same-origin'}); return await r.json();", path)


def journal(bundle):
    path = bundle + ".d/annotations/journal.jsonl"
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.endswith("\n")]


def scores_of(driver):
    return driver.execute_script("""
      const out = {};
      for (const block of document.querySelectorAll('#scores .score')) {
        out[block.getAttribute('aria-label')] = block.querySelector('.score-value').textContent;
      }
      return out;""")


def browser_errors(driver):
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def measure_page(quire, bundle):
    """Next-item render time in the page (fetch + render, from the key press's handler to the DOM) on a bundle,
    near its start and near its end."""
    annotator = Annotator(quire, bundle, [])
    driver = browser()
    try:
        driver.get(annotator.url)
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return !!document.body.dataset.item"))
        total = api(driver, "/api/queue")["progress"]["total"]
        timings = []
        for start in (1, max(1, total - 40)):
            driver.get(annotator.url.split("?")[0] + "#item=%d" % start)
            driver.refresh()
            WebDriverWait(driver, 30).until(lambda d: d.execute_script("return !!document.body.dataset.item"))
            for _ in range(30):
                before = current_item(driver)
                keys(driver, "j", pause=0.02)
                WebDriverWait(driver, 10).until(lambda d: current_item(d) != before)
                timings.append(driver.execute_script("return window.quireTimings.lastItemRender"))
        timings.sort()
        result = {"items": total, "renders": len(timings), "median": timings[len(timings) // 2],
                  "p95": timings[int(len(timings) * 0.95)], "max": timings[-1]}
        print(json.dumps(result))
        return 0
    finally:
        driver.quit()
        annotator.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quire", default=os.environ.get("QUIRE_BINARY", os.path.join(ROOT, ".build", "debug", "quire")))
    parser.add_argument("--keep", action="store_true", help="keep the temp directory")
    parser.add_argument("--timing-bundle", help="only measure next-item render in the page on this bundle")
    args = parser.parse_args()
    quire = os.path.abspath(args.quire)
    if not os.access(quire, os.X_OK):
        print("no quire binary at %s (build it first, or pass --quire)" % quire, file=sys.stderr)
        return 2
    if args.timing_bundle:
        return measure_page(quire, args.timing_bundle)
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="quire-e2e-")
    results = {}
    driver = None
    annotator = None
    try:
        print("pack")
        with open(os.path.join(work, "queue.yaml"), "w", encoding="utf-8") as handle:
            handle.write(QUEUE.format(sample=os.path.join(SHARED, "data", "native", "sample.jsonl")))
        subprocess.run([quire, "pack", "queue.yaml", "--out", "out", "--time", "2025-11-23T00:00:00Z"],
                       cwd=work, check=True, capture_output=True, text=True)
        bundle = os.path.join(work, "out", "e2e-sample.quire")
        check(os.path.isfile(bundle), "quire pack wrote an open .quire bundle")

        print("serve and sign in")
        annotator = Annotator(quire, bundle, ["--reviewer", "zoe"])
        driver = browser()
        driver.get(annotator.url)
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!document.body.dataset.item"))
        check("token" not in driver.current_url, "the token is gone from the address bar after sign-in")
        cookies = driver.get_cookies()
        check(len(cookies) == 1 and cookies[0]["httpOnly"] and cookies[0]["sameSite"] == "Strict",
              "the session cookie is HttpOnly and SameSite=Strict")
        check(driver.execute_script("return document.cookie") == "", "page script cannot read the cookie")
        active = driver.execute_script("return document.activeElement.getAttribute('aria-label')")
        check(active == "correctness", "opening an item focuses its first score (%s)" % active)

        print("annotate three items with the keyboard only")
        first = current_item(driver)
        # Item 1: correctness 4, tone good, hallucination False, a note in the text score, complete + next.
        keys(driver, "4")
        wait_saved(driver)
        keys(driver, Keys.TAB, "1")
        wait_saved(driver)
        keys(driver, Keys.TAB, "2")
        wait_saved(driver)
        keys(driver, Keys.TAB)
        check(driver.execute_script("return document.activeElement.tagName") == "TEXTAREA",
              "Tab onto a text score puts the cursor in it")
        keys(driver, "cites the refund id; fine")
        keys(driver, Keys.ESCAPE)
        wait_saved(driver)
        keys(driver, "c")
        keys(driver, "double charge handled well")
        keys(driver, Keys.ESCAPE)
        wait_saved(driver)
        check(scores_of(driver) == {"correctness": "4", "tone": "good", "hallucination": "False", "notes": "\u2713", "expected_output": ""},
              "item 1 shows every answer after the server acknowledged it")
        keys(driver, Keys.ENTER)
        wait_saved(driver)
        second = current_item(driver)
        check(second != first, "Enter completes the item and opens the next (%s → %s)" % (first, second))

        # Item 2: a wrong answer first, undone with u; then 2 and bad; a span note on the selected text.
        keys(driver, "5")
        wait_saved(driver)
        keys(driver, "u")
        wait_saved(driver)
        check(scores_of(driver)["correctness"] == "", "u undoes the last score")
        keys(driver, "2", Keys.TAB, "3")
        wait_saved(driver)
        selected = driver.execute_script("""
          const body = document.querySelector('.msg-body[data-message="1"]') || document.querySelector('.msg-body');
          const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
          const node = walker.nextNode();
          const range = document.createRange();
          range.setStart(node, 0); range.setEnd(node, Math.min(12, node.data.length));
          const selection = window.getSelection(); selection.removeAllRanges(); selection.addRange(range);
          return node.data.slice(0, Math.min(12, node.data.length));""")
        time.sleep(0.4)
        keys(driver, "n")
        check(driver.find_element(By.ID, "note-editor").is_displayed(), "n opens the note editor on the selected text")
        keys(driver, "tone is curt here")
        ActionChains(driver).key_down(Keys.CONTROL).send_keys(Keys.ENTER).key_up(Keys.CONTROL).perform()
        wait_saved(driver)
        marks = driver.execute_script("return [...document.querySelectorAll('mark.span-mark')].map(m => m.textContent).join('')")
        check(marks == selected, "the note highlights exactly the selected text (%r)" % marks)
        keys(driver, Keys.ENTER)
        wait_saved(driver)
        third = current_item(driver)

        # Item 3: correctness 3, hallucination True, flagged; then complete + next.
        keys(driver, "3", Keys.TAB, Keys.TAB, "1")
        wait_saved(driver)
        keys(driver, "f")
        wait_saved(driver)
        keys(driver, Keys.ESCAPE)
        keys(driver, Keys.ENTER)
        wait_saved(driver)
        fourth = current_item(driver)
        check(fourth not in (first, second, third), "three items annotated, now on a fourth")
        progress = driver.find_element(By.ID, "progress-text").text
        check(progress.startswith("3 / 40"), "progress counts three completed items (%s)" % progress)

        events = journal(bundle)
        check(all(event["reviewer"] == "zoe" for event in events), "every journal line names the reviewer")
        check([event["seq"] for event in events] == list(range(1, len(events) + 1)), "journal seqs are 1…n")
        undo = [event for event in events if "undoes" in event["payload"]]
        check(len(undo) == 1 and undo[0]["type"] == "score.clear", "undo appended a compensating score.clear")

        print("reload keeps everything")
        driver.refresh()
        wait_item(driver, fourth)
        check(current_item(driver) == fourth, "reload stays on the same item")
        keys(driver, "k", "k")
        wait_item(driver, second)
        check(scores_of(driver)["correctness"] == "2" and scores_of(driver)["tone"] == "bad",
              "after reload, item 2 still has correctness 2 and tone bad")
        check(len(driver.find_elements(By.CSS_SELECTOR, ".note-card")) == 1, "after reload, the note is still there")

        print("restart the server")
        status, stderr = annotator.stop()
        check(status == 0, "SIGTERM stops annotate with exit 0 (stderr: %s)" % stderr.strip().splitlines()[-1:])
        annotator = Annotator(quire, bundle, [])
        driver.get(annotator.url)
        WebDriverWait(driver, 10).until(lambda d: d.execute_script("return !!document.body.dataset.item"))
        progress = driver.find_element(By.ID, "progress-text").text
        check(progress.startswith("3 / 40"), "after a restart the progress is still 3 / 40 (%s)" % progress)
        driver.get(annotator.url.split("?")[0] + "#item=1")
        driver.refresh()
        wait_item(driver, first)
        check(scores_of(driver)["correctness"] == "4", "after a restart item 1 still has correctness 4")
        check(driver.find_element(By.ID, "item-comment").get_attribute("value") == "double charge handled well",
              "after a restart the item comment is still there")
        driver.save_screenshot(os.path.join(ARTIFACTS, "focus-view.png"))

        print("hostile traces stay inert")
        rows = api(driver, "/api/items?q=hos&limit=10")["rows"]
        check([row["id"] for row in rows] == ["hos-001", "hos-002", "hos-003"], "the three hostile traces are in the bundle")
        expected_text = {
            "hos-001": ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:"],
            "hos-002": ["<script"],
            "hos-003": ["\"><svg onload=alert('name')>", "{{7*7}}", "${7*7}"],
        }
        driver.get_log("browser")
        for row in rows:
            driver.get(annotator.url.split("?")[0] + "#item=%d" % (row["position"] + 1))
            driver.refresh()
            wait_item(driver, row["id"])
            for details in driver.find_elements(By.CSS_SELECTOR, "details"):
                driver.execute_script("arguments[0].open = true", details)
            for row_element in driver.find_elements(By.CSS_SELECTOR, ".tree-row"):
                driver.execute_script("arguments[0].click()", row_element)
            for button in driver.find_elements(By.CSS_SELECTOR, ".more"):
                driver.execute_script("arguments[0].click()", button)
            time.sleep(0.5)
            text = driver.execute_script("return document.body.textContent")
            for needle in expected_text[row["id"]]:
                check(needle in text, "%s: %r is visible as text" % (row["id"], needle))
            audit = driver.execute_script(DOM_AUDIT)
            check(audit["bad"] == [], "%s: no element, handler, link or frame came from trace text %s" % (row["id"], audit["bad"][:5]))
            check(audit["scripts"] == ["/app.js"], "%s: the only script is /app.js" % row["id"])
            trap = driver.execute_script("return window.__quireTrap")
            check(trap["alerts"] == [], "%s: no alert/confirm/prompt ran %s" % (row["id"], trap["alerts"]))
            check(trap["violations"] == [], "%s: no CSP violation was even attempted %s" % (row["id"], trap["violations"]))
            check(trap["errors"] == [], "%s: no script error %s" % (row["id"], trap["errors"]))
            errors = browser_errors(driver)
            check(errors == [], "%s: no console errors %s" % (row["id"], errors[:3]))
            if row["id"] == "hos-002":
                length = driver.execute_script("return Math.max(...[...document.querySelectorAll('.msg-body, pre')].map(e => e.textContent.length))")
                check(length >= 200000, "hos-002: the 200 KB tool result is there in full (%d characters)" % length)
            if row["id"] == "hos-003":
                session = driver.execute_script("return [...document.querySelectorAll('.meta-cell dd')].map(e => e.textContent).join('|')")
                check("U+202E" in session and "\u202e" not in session,
                      "hos-003: the RTL override in sessionId is shown as U+202E, not applied")
                body = driver.execute_script("return document.getElementById('conversation').textContent")
                check("${7*7}" in body and "<%= 7*7 %>" in body, "hos-003: template strings keep their asterisks")
                driver.save_screenshot(os.path.join(ARTIFACTS, "hostile-view.png"))

        print("page-side render time")
        driver.get(annotator.url.split("?")[0] + "#item=1")
        driver.refresh()
        wait_item(driver, first)
        timings = []
        for _ in range(12):
            before = current_item(driver)
            keys(driver, "j", pause=0.05)
            WebDriverWait(driver, 10).until(lambda d: current_item(d) != before)
            timings.append(driver.execute_script("return window.quireTimings.lastItemRender"))
        timings.sort()
        results["nextItemRenderMs"] = {"median": timings[len(timings) // 2], "max": timings[-1]}
        print("  next-item render in the page: median %.1f ms, max %.1f ms" % (timings[len(timings) // 2], timings[-1]))

        print("markdown renders structure from text, never markup")
        for item, selectors in [
            ("rag-007", ["table.md-table", "blockquote", "strong"]),
            ("code-001", ["pre.code-block", "code.inline"]),
            ("hos-001", ["span.link .link-url"]),
        ]:
            row = api(driver, "/api/items?q=%s&limit=1" % item)["rows"][0]
            driver.get(annotator.url.split("?")[0] + "#item=%d" % (row["position"] + 1))
            driver.refresh()
            wait_item(driver, item)
            time.sleep(0.3)
            for selector in selectors:
                found = driver.execute_script("return document.querySelectorAll('#conversation ' + arguments[0]).length", selector)
                check(found > 0, "%s: the conversation has %s" % (item, selector))
            if item == "rag-007":
                driver.save_screenshot(os.path.join(ARTIFACTS, "markdown-view.png"))
            if item == "code-001":
                fences = driver.execute_script("return [...document.querySelectorAll('#conversation pre.code-block')].length")
                check(fences >= 2, "code-001: both ``` and ~~~ fences are code blocks (%d)" % fences)
            if item == "hos-001":
                urls = driver.execute_script("return [...document.querySelectorAll('#conversation .link-url')].map(e => e.textContent).join(' ')")
                check("javascript:" in urls, "hos-001: a javascript: link shows its address as text (%s)" % urls[:80])

        print("table view")
        keys(driver, "v")
        WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#table-body tr.row")) > 0)
        keys(driver, "j", "j")
        time.sleep(0.3)
        driver.save_screenshot(os.path.join(ARTIFACTS, "table-view.png"))
        driver.find_elements(By.CSS_SELECTOR, "#filters .filter")[2].click()
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "page-info").text.endswith("of 3"))
        ids = [element.text for element in driver.find_elements(By.CSS_SELECTOR, "#table-body .row-id")]
        check(sorted(ids) == sorted([first, second, third]), "the Completed filter lists exactly the three items")
        keys(driver, Keys.ENTER)
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "focus-view").is_displayed())
        wait_item(driver, ids[0])
        keys(driver, "?")
        check(driver.find_element(By.ID, "help-overlay").is_displayed(), "? shows the keyboard help")
        driver.save_screenshot(os.path.join(ARTIFACTS, "help.png"))
        keys(driver, Keys.ESCAPE)

        print("finish and verify")
        driver.find_element(By.ID, "finish").click()
        time.sleep(0.2)
        driver.find_element(By.ID, "finish-confirm").click()
        WebDriverWait(driver, 15).until(lambda d: "Sealed" in d.execute_script("return (document.getElementById('toast') || {}).textContent || ''"))
        check(True, "Finish sealed the bundle")
        status, _ = annotator.stop()
        annotator = None
        verify = subprocess.run([quire, "verify", bundle], capture_output=True, text=True)
        check(verify.returncode == 0 and "sealed" in verify.stdout, "quire verify passes on the sealed archive: %s" % verify.stdout.strip())
        with tarfile.open(bundle) as archive:
            lines = archive.extractfile("annotations/scores.jsonl").read().decode().splitlines()
        scored = sorted({json.loads(line)["item"] for line in lines})
        check(scored == sorted([first, second, third]), "scores.jsonl in the archive holds the three items' scores")
        check(len(lines) == 8, "scores.jsonl has 8 lines (4 + 2 + 2 scores), found %d" % len(lines))
        results["status"] = "passed"
    except Failure as failure:
        results["status"] = "failed"
        print("FAIL " + str(failure), file=sys.stderr)
        if driver:
            driver.save_screenshot(os.path.join(ARTIFACTS, "failure.png"))
    finally:
        if driver:
            driver.quit()
        if annotator:
            annotator.process.kill()
        if args.keep:
            print("kept " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    results["checks"] = len(CHECKS)
    print(json.dumps(results))
    return 0 if results.get("status") == "passed" else 1


if __name__ == "__main__":
    sys.exit(main())
