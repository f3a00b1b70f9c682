#!/usr/bin/python3
"""The search page (web/) in a real browser against a real facette-serve.

Indexes corpus/ with the real facette-index into a temporary directory,
starts the real facette-serve on a free loopback port, and drives Debian's
headless chromium with python3-selenium through the issue's proof list.
Every expected value comes from the API (called here with urllib) or from
the input, never from the page itself. Fails (never skips) when anything is
missing. Screenshots go to --screenshots.
"""
import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ARGS = None
WAIT_SECONDS = 15
ENTITY_FACETS = ["person", "organization", "location"]
HIT_KEYS = {"person": "persons", "organization": "organizations", "location": "locations"}


def start_server(serve, db, error_path, options=()):
    """facette-serve on 127.0.0.1, any free port, with `options`, its
    standard error into error_path; returns (process, base URL)."""
    with open(error_path, "w") as errors:
        process = subprocess.Popen(
            [serve, "--db", db, "--listen", "127.0.0.1:0", "--quiet"] + list(options),
            stdout=subprocess.PIPE, stderr=errors, text=True)
    process.error_path = error_path
    deadline = time.monotonic() + WAIT_SECONDS
    line = ""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            line = process.stdout.readline()
            break
        if process.poll() is not None:
            break
    prefix = "listening on "
    if not line.startswith(prefix):
        process.kill()
        process.wait()
        with open(error_path) as errors:
            raise AssertionError("facette-serve did not say where it listens: %r, stderr %r" %
                                 (line, errors.read()))
    return process, line[len(prefix):].strip()


def stop_server(process):
    """Stops facette-serve (SIGTERM: it drains and exits 0); an exit status
    other than 0 (a crash, a sanitizer's report) fails the run."""
    if process is None:
        return
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    process.stdout.close()
    if process.returncode != 0:
        with open(process.error_path) as errors:
            raise AssertionError("facette-serve exited with %d: %s" %
                                 (process.returncode, errors.read()))


class PageTest(unittest.TestCase):
    base = None
    server = None
    driver = None
    workdir = None

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="facette-web-test-")
        try:
            db = ARGS.db
            if db is None:
                db = os.path.join(cls.workdir, "db")
                subprocess.run([ARGS.index, "--db", db, "--quiet", ARGS.corpus], check=True)
            cls.db = db
            cls.server, cls.base = start_server(ARGS.serve, db,
                                                os.path.join(cls.workdir, "serve.err"))
            options = webdriver.ChromeOptions()
            options.binary_location = "/usr/bin/chromium"
            for argument in ["--headless=new", "--no-sandbox", "--disable-gpu",
                             "--disable-dev-shm-usage", "--window-size=1280,1000",
                             "--user-data-dir=" + os.path.join(cls.workdir, "chromium"),
                             "--lang=fr-FR"]:
                options.add_argument(argument)
            options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
            cls.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                                          options=options)
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.driver is not None:
                cls.driver.quit()
        finally:
            stop_server(cls.server)
            shutil.rmtree(cls.workdir, ignore_errors=True)

    def setUp(self):
        self.driver.set_window_size(1280, 1000)
        self.allowed_errors = []  # (source, text) of console errors a test expects
        self.driver.get_log("browser")  # start from an empty log

    def tearDown(self):
        # No console errors: anything SEVERE the test did not expect fails it.
        errors = [entry for entry in self.driver.get_log("browser")
                  if entry["level"] == "SEVERE" and not any(
                      entry["source"] == source and text in entry["message"]
                      for source, text in self.allowed_errors)]
        self.assertEqual(errors, [], "console errors")

    # --- the API, called directly --------------------------------------------

    def api(self, path, params=(), base=None, key=None):
        url = ((base or self.base) + path +
               ("?" + urllib.parse.urlencode(list(params)) if params else ""))
        headers = {"Authorization": "Bearer " + key} if key is not None else {}
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                        timeout=WAIT_SECONDS) as response:
                return response.status, json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read().decode("utf-8"))

    def search_metrics(self):
        """(count, seconds) of the /search requests the server answered so
        far, from its /metrics."""
        with urllib.request.urlopen(self.base + "/metrics", timeout=WAIT_SECONDS) as response:
            text = response.read().decode("utf-8")
        values = {}
        for line in text.splitlines():
            for kind in ("count", "sum"):
                prefix = 'facette_http_request_duration_seconds_%s{route="/search"} ' % kind
                if line.startswith(prefix):
                    values[kind] = float(line[len(prefix):])
        self.assertEqual(sorted(values), ["count", "sum"], "no /search histogram in /metrics")
        return int(values["count"]), values["sum"]

    def search(self, params):
        status, body = self.api("/search", params)
        self.assertEqual(status, 200, body)
        return body

    # --- the page -------------------------------------------------------------

    def wait(self, condition, message):
        WebDriverWait(self.driver, WAIT_SECONDS).until(lambda d: condition(), message)

    def rendered(self):
        """Waits until the page shows the answer for its current URL."""
        self.wait(lambda: self.driver.execute_script(
            "const b = document.body.dataset;"
            "return (b.state === 'ready' || b.state === 'error') &&"
            "       b.renderedFor === location.search;"), "the page never rendered its URL")

    def open(self, query=""):
        self.driver.get(self.base + "/" + query)
        self.rendered()

    def url_params(self):
        search = self.driver.execute_script("return location.search;")
        return urllib.parse.parse_qs(search[1:], keep_blank_values=True)

    def wait_for_url(self, check, message):
        self.wait(lambda: check(self.url_params()), message)
        self.rendered()

    def total(self):
        return int(self.driver.find_element(By.ID, "total").get_attribute("data-total"))

    def hit_ids(self):
        return [e.get_attribute("data-id")
                for e in self.driver.find_elements(By.CSS_SELECTOR, "#hits li.hit")]

    def panel_values(self, facet):
        """(value, count) of the rows of a panel that show an API count."""
        return [(row.get_attribute("data-value"), int(row.get_attribute("data-count")))
                for row in self.driver.find_elements(
                    By.CSS_SELECTOR, '.facet[data-facet="%s"] li.value[data-count]' % facet)]

    def chart_values(self):
        return [(bar.get_attribute("data-value"), int(bar.get_attribute("data-count")))
                for bar in self.driver.find_elements(By.CSS_SELECTOR, ".bars button.bucket")]

    def panel_row(self, facet, value):
        for row in self.driver.find_elements(
                By.CSS_SELECTOR, '.facet[data-facet="%s"] li.value' % facet):
            if row.get_attribute("data-value") == value:
                return row
        self.fail("no row %r in the %s panel" % (value, facet))

    def type_query(self, text):
        box = self.driver.find_element(By.ID, "q")
        box.clear()
        box.send_keys(text)

    def assert_view_matches_api(self, params, what):
        """Total, hits in order and every facet count of the page equal the
        API's answer to `params` (the page's panels show the top 10, the
        API's default facet size)."""
        expected = self.search(params)
        self.assertEqual(self.total(), expected["total"], what + ": total")
        self.assertEqual(self.hit_ids(), [hit["id"] for hit in expected["hits"]], what + ": hits")
        for facet in ENTITY_FACETS + ["mentioned"]:
            self.assertEqual(self.panel_values(facet),
                             [(v["value"], v["count"]) for v in expected["facets"][facet]["values"]],
                             what + ": facet " + facet)
        self.assertEqual(self.chart_values(),
                         [(v["value"], v["count"]) for v in expected["facets"]["date"]["values"]],
                         what + ": the date chart")
        return expected

    def screenshot(self, name, width):
        height = 1000 if width > 600 else 844
        self.driver.set_window_size(width, height)
        self.rendered()
        time.sleep(0.3)  # let the new layout paint
        os.makedirs(ARGS.screenshots, exist_ok=True)
        path = os.path.join(ARGS.screenshots, "%s-%d.png" % (name, width))
        self.assertTrue(self.driver.save_screenshot(path), path)
        self.assertGreater(os.path.getsize(path), 10000, path)
        # Readable without sideways scrolling at any width.
        self.assertLessEqual(self.driver.execute_script(
            "return document.documentElement.scrollWidth;"), width, name + ": horizontal overflow")

    # --- the proof list -------------------------------------------------------

    def test_typing_a_query_shows_the_apis_hits_and_total(self):
        self.open()
        self.type_query("attentat")
        self.wait_for_url(lambda p: p.get("q") == ["attentat"], "typing never reached the URL")
        expected = self.assert_view_matches_api([("q", "attentat")], "q=attentat")
        self.assertGreater(expected["total"], 1)
        # Marked words are the API's byte ranges of the snippet text.
        first = expected["hits"][0]["snippet"]
        text = first["text"].encode("utf-8")
        wanted = [text[h["start"]:h["end"]].decode("utf-8") for h in first["highlights"]]
        self.assertTrue(wanted)
        marks = [m.text for m in self.driver.find_elements(
            By.CSS_SELECTOR, "#hits li.hit:first-child .snippet mark")]
        self.assertEqual(marks, wanted)
        titles = [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, "#hits .hit-title")]
        self.assertEqual(titles, [hit["title"] for hit in expected["hits"]])
        # The Performance API measured the keystroke-to-results time.
        durations = self.driver.execute_script(
            "return performance.getEntriesByName('facette:keystroke-to-results')"
            "  .map(e => e.duration);")
        self.assertTrue(durations, "no keystroke-to-results measure")

    def test_a_late_answer_never_replaces_a_newer_one(self):
        self.open()
        # The page's fetch made slow, and deaf to aborts, for the first query
        # only: its answer arrives after the second query's.
        self.driver.execute_script(
            "const original = window.fetch;"
            "window.fetch = (url, options) => String(url).includes('q=attentat&')"
            "  ? new Promise(r => setTimeout(r, 1500)).then("
            "      () => original(url, Object.assign({}, options, {signal: undefined})))"
            "  : original(url, options);")
        self.type_query("attentat")
        self.wait(lambda: self.url_params().get("q") == ["attentat"], "first query")
        self.assertEqual(self.driver.execute_script("return document.body.dataset.state;"),
                         "loading")
        self.type_query("Macron")
        self.wait_for_url(lambda p: p.get("q") == ["Macron"], "second query")
        expected = self.search([("q", "Macron")])
        self.assertNotEqual(expected["total"], self.search([("q", "attentat")])["total"])
        time.sleep(2)  # the late answer has come by now
        self.assertEqual(self.total(), expected["total"])
        self.assertEqual(self.hit_ids(), [hit["id"] for hit in expected["hits"]])

    def test_a_burst_of_typing_makes_one_search_at_a_time(self):
        # A word typed by the driver (keys about 1.5 ms apart, like a paste)
        # is searched once the box is still, not key by key; a keystroke
        # while a search is in flight waits for it (at most one more search).
        word = "gouvernement"
        expected = self.search([("q", word)])
        self.open()
        # The searches the page starts, counted as it calls fetch.
        self.driver.execute_script(
            "window.searchesStarted = 0;"
            "const original = window.fetch;"
            "window.fetch = (url, options) => {"
            "  if (String(url).startsWith('/search?')) ++window.searchesStarted;"
            "  return original(url, options);"
            "};")
        self.type_query(word)
        self.wait_for_url(lambda p: p.get("q") == [word], "the word never reached the URL")
        self.assertEqual(self.total(), expected["total"])
        self.assertEqual(self.hit_ids(), [hit["id"] for hit in expected["hits"]])
        searches = self.driver.execute_script("return window.searchesStarted;")
        self.assertGreaterEqual(searches, 1)
        self.assertLessEqual(searches, 2, "searches for %d keystrokes" % len(word))

    def test_typing_waits_for_the_search_in_flight(self):
        # The answer to "gouv" is held back: the rest of the word, typed
        # meanwhile, waits for it (up to the page's limit, 100 ms) instead of
        # aborting it at once; then the page shows the whole word's answer.
        word = "gouvernement"
        expected = self.search([("q", word)])
        self.open()
        self.driver.execute_script(
            "window.searchTimes = {}; window.keyTimes = [];"
            "document.getElementById('q').addEventListener('input',"
            "  () => window.keyTimes.push(performance.now()));"
            "const original = window.fetch;"
            "window.fetch = (url, options) => {"
            "  const q = new URLSearchParams(String(url).split('?')[1] || '').get('q');"
            "  if (!String(url).startsWith('/search?')) return original(url, options);"
            "  window.searchTimes[q] = performance.now();"
            "  if (q !== 'gouv') return original(url, options);"
            "  const held = new Promise(r => { window.release = r; });"
            "  return held.then(() => original(url, Object.assign({}, options, {signal: undefined})));"
            "};")
        started = "return window.searchTimes[arguments[0]];"
        box = self.driver.find_element(By.ID, "q")
        box.send_keys(word[:4])
        self.wait(lambda: self.driver.execute_script(started, word[:4]) is not None,
                  "no search for the first keys")
        box.send_keys(word[4:])
        self.wait(lambda: self.driver.execute_script(started, word) is not None,
                  "the whole word was never searched")
        last_key = self.driver.execute_script("return window.keyTimes.slice(-1)[0];")
        self.assertGreaterEqual(self.driver.execute_script(started, word) - last_key, 100 - 1,
                                "did not wait for the answer")
        self.driver.execute_script("window.release();")
        self.wait_for_url(lambda p: p.get("q") == [word], "the word never reached the URL")
        time.sleep(0.5)  # the held answer has come by now, and is not shown
        self.assertEqual(self.total(), expected["total"])
        self.assertEqual(self.hit_ids(), [hit["id"] for hit in expected["hits"]])

    def test_a_spelling_suggestion_is_offered(self):
        expected = self.search([("q", "atentat"), ("limit", "0")])
        self.assertIsNotNone(expected["suggestion"])
        self.open("?q=atentat")
        link = self.driver.find_element(By.CSS_SELECTOR, "#suggestion a")
        self.assertEqual(link.text, expected["suggestion"])
        link.click()
        self.wait_for_url(lambda p: p.get("q") == [expected["suggestion"]], "suggestion not followed")
        self.assertEqual(self.total(), self.search([("q", expected["suggestion"])])["total"])

    def test_selecting_a_person_matches_every_facet_count(self):
        before = self.search([("q", "attentat")])
        person = before["facets"]["person"]["values"][0]["value"]
        self.open("?q=attentat")
        self.panel_row("person", person).find_element(By.CSS_SELECTOR, "input").click()
        self.wait_for_url(lambda p: p.get("person") == [person], "the person filter is not in the URL")
        expected = self.assert_view_matches_api([("q", "attentat"), ("person", person)],
                                                "q=attentat, person")
        self.assertTrue(expected["facets"]["person"]["selection_excluded"])
        self.assertTrue(self.panel_row("person", person).find_element(
            By.CSS_SELECTOR, "input").is_selected())
        # Multi-select: a second person of the same panel adds its articles.
        second = next(v["value"] for v in expected["facets"]["person"]["values"]
                      if v["value"] != person)
        self.panel_row("person", second).find_element(By.CSS_SELECTOR, "input").click()
        self.wait_for_url(lambda p: p.get("person") == [person, second], "second person")
        self.assert_view_matches_api(
            [("q", "attentat"), ("person", person), ("person", second)], "two persons")

    def test_a_chip_of_a_hit_becomes_a_filter(self):
        expected = self.search([("q", "attentat")])
        hit = expected["hits"][0]
        location = hit["locations"][0]
        self.open("?q=attentat")
        chip = self.driver.find_element(
            By.CSS_SELECTOR, '#hits li.hit:first-child button.chip[data-facet="location"]')
        self.assertEqual(chip.get_attribute("data-value"), location)
        chip.click()
        self.wait_for_url(lambda p: p.get("location") == [location], "chip filter")
        self.assert_view_matches_api([("q", "attentat"), ("location", location)], "chip")

    def test_drilling_the_date_chart_down_to_a_month(self):
        everything = self.search([("limit", "0")])
        self.assertEqual(everything["facets"]["date"]["granularity"], "year")
        year = max(everything["facets"]["date"]["values"], key=lambda v: v["count"])["value"]
        self.open()
        self.driver.find_element(By.CSS_SELECTOR, '.bars button[data-value="%s"]' % year).click()
        self.wait_for_url(lambda p: p.get("from") == [year] and p.get("to") == [year], "year")
        months = self.search([("from", year), ("to", year), ("date_granularity", "month")])
        self.assertEqual(self.chart_values(),
                         [(v["value"], v["count"]) for v in months["facets"]["date"]["values"]])
        month = max(months["facets"]["date"]["values"], key=lambda v: v["count"])["value"]
        self.assertTrue(month.startswith(year + "-"))
        self.driver.find_element(By.CSS_SELECTOR, '.bars button[data-value="%s"]' % month).click()
        self.wait_for_url(lambda p: p.get("from") == [month] and p.get("to") == [month], "month")
        days = self.search([("from", month), ("to", month), ("date_granularity", "day")])
        self.assertEqual(self.total(), days["total"])
        self.assertEqual(self.total(), dict((v["value"], v["count"])
                                            for v in months["facets"]["date"]["values"])[month])
        self.assertEqual(self.chart_values(),
                         [(v["value"], v["count"]) for v in days["facets"]["date"]["values"]])
        dates = [e.get_attribute("datetime") for e in self.driver.find_elements(
            By.CSS_SELECTOR, "#hits .hit-meta time")]
        self.assertTrue(dates)
        self.assertTrue(all(d.startswith(month) for d in dates), dates)
        # The way back up: the year's crumb.
        crumbs = [b.text for b in self.driver.find_elements(By.CSS_SELECTOR, ".crumbs button")]
        self.assertEqual(crumbs[0], "Toutes les dates")
        self.assertEqual(crumbs[1], year)
        self.screenshot("drilled", 1280)
        self.screenshot("drilled", 390)

    def test_the_range_form_sets_from_and_to(self):
        self.open()
        self.driver.find_element(By.ID, "range-from").send_keys("2016-03")
        self.driver.find_element(By.ID, "range-to").send_keys("2016-06-15")
        self.driver.find_element(By.CSS_SELECTOR, "form.range button").click()
        self.wait_for_url(lambda p: p.get("from") == ["2016-03"] and p.get("to") == ["2016-06-15"],
                          "range")
        self.assert_view_matches_api([("from", "2016-03"), ("to", "2016-06-15")], "range")

    def test_the_range_form_reads_dates_as_typed_in_france(self):
        self.open()
        box = self.driver.find_element(By.ID, "range-from")
        self.assertEqual(box.get_attribute("placeholder"), "JJ/MM/AAAA")
        box.send_keys("1/03/2016")
        self.driver.find_element(By.ID, "range-to").send_keys("15.06.2016")
        self.driver.find_element(By.CSS_SELECTOR, "form.range button").click()
        self.wait_for_url(lambda p: p.get("from") == ["1/03/2016"] and p.get("to") == ["15.06.2016"],
                          "range as typed")
        # The same period written the ISO way: an independent answer.
        expected = self.search([("from", "2016-03-01"), ("to", "2016-06-15")])
        self.assertGreater(expected["total"], 0)
        self.assertEqual(self.total(), expected["total"])
        self.assertEqual(self.hit_ids(), [hit["id"] for hit in expected["hits"]])
        crumb = self.driver.find_element(By.CSS_SELECTOR, '.crumbs [aria-current="location"]')
        self.assertEqual(crumb.text, "du 1er mars 2016 au 15 juin 2016")

    def test_excluding_an_organisation(self):
        before = self.search([("q", "attentat")])
        organisation = before["facets"]["organization"]["values"][0]
        self.open("?q=attentat")
        self.panel_row("organization", organisation["value"]).find_element(
            By.CSS_SELECTOR, "button.not").click()
        self.wait_for_url(lambda p: p.get("not_organization") == [organisation["value"]],
                          "exclusion not in the URL")
        # Independent of the second answer: the articles naming it are gone.
        self.assertEqual(self.total(), before["total"] - organisation["count"])
        self.assert_view_matches_api(
            [("q", "attentat"), ("not_organization", organisation["value"])], "exclusion")
        pills = [p.text for p in self.driver.find_elements(By.CSS_SELECTOR, "#pills li")]
        self.assertTrue(any(organisation["value"] in p and "Sauf" in p for p in pills), pills)
        row = self.panel_row("organization", organisation["value"])
        self.assertEqual(row.find_element(By.CSS_SELECTOR, "button.not").get_attribute(
            "aria-pressed"), "true")

    def test_facet_search_inside_a_panel(self):
        self.open()
        box = self.driver.find_element(By.CSS_SELECTOR, '.facet[data-facet="person"] input.facet-search')
        box.send_keys("fran")
        self.wait(lambda: self.driver.find_element(
            By.CSS_SELECTOR, '.facet[data-facet="person"]').get_attribute("data-searching") == "fran",
            "facet search never shown")
        status, found = self.api("/facets/person", [("prefix", "fran")])
        self.assertEqual(status, 200)
        self.assertTrue(found["values"])
        self.assertEqual(self.panel_values("person"),
                         [(v["value"], v["count"]) for v in found["values"]])
        first = found["values"][0]
        self.panel_row("person", first["value"]).find_element(By.CSS_SELECTOR, "input").click()
        self.wait_for_url(lambda p: p.get("person") == [first["value"]], "facet search pick")
        self.assertEqual(self.total(), first["count"])

    def test_names_as_typed_say_what_they_matched(self):
        # A surname as people type it: the last word of the most cited
        # person, in lower case. The expected lines are the API's `matched`.
        everything = self.search([("limit", "0")])
        full = everything["facets"]["person"]["values"][0]["value"]
        surname = full.split()[-1].lower()
        expected = self.search([("person", surname), ("limit", "0")])
        matched = expected["matched"]["person"][surname]
        self.assertIn(full, [v["value"] for v in matched])
        self.open("?person=" + urllib.parse.quote(surname))
        line = self.driver.find_element(By.CSS_SELECTOR, "#names li[data-facet=person]")
        self.assertTrue(line.is_displayed())
        self.assertEqual(line.get_attribute("data-text"), surname)
        self.assertEqual(int(line.get_attribute("data-matched")), len(matched))
        for value in matched[:5]:
            self.assertIn("%s (%d)" % (value["value"], value["count"]), line.text)
        self.assertEqual(self.total(), expected["total"])
        # The full name typed exactly needs no line.
        self.open("?person=" + urllib.parse.quote(full))
        self.assertFalse(self.driver.find_element(By.ID, "names").is_displayed())
        # A misspelt name matches nothing: the API's nearest names are offered,
        # and one, followed, takes the misspelt name's place.
        typo = surname + "x"
        expected = self.search([("person", typo), ("person", full), ("limit", "0")])
        self.assertEqual(expected["matched"]["person"][typo], [])
        near = expected["name_suggestions"]["person"][typo]
        self.assertTrue(near)
        self.open("?person=" + urllib.parse.quote(typo))
        line = self.driver.find_element(By.CSS_SELECTOR, "#names li.no-match")
        self.assertEqual(line.get_attribute("data-text"), typo)
        self.assertIn("aucune personne de ce nom", line.text)
        links = line.find_elements(By.CSS_SELECTOR, "a[data-name]")
        self.assertEqual([a.get_attribute("data-name") for a in links], [v["value"] for v in near])
        self.assertEqual(self.total(), 0)
        links[0].click()
        self.wait_for_url(lambda p: p.get("person") == [near[0]["value"]], "suggestion not taken")
        self.assertEqual(self.total(), self.search([("person", near[0]["value"])])["total"])

    def test_reloading_the_url_gives_the_same_view(self):
        before = self.search([("q", "attentat")])
        person = before["facets"]["person"]["values"][0]["value"]
        self.open("?q=attentat")
        self.panel_row("person", person).find_element(By.CSS_SELECTOR, "input").click()
        self.wait_for_url(lambda p: p.get("person") == [person], "person")
        self.driver.find_element(By.CSS_SELECTOR, ".bars button.bucket").click()
        self.wait_for_url(lambda p: "from" in p, "range")

        def view():
            return (self.driver.current_url, self.total(), self.hit_ids(),
                    [self.panel_values(f) for f in ENTITY_FACETS], self.chart_values(),
                    [p.text for p in self.driver.find_elements(By.CSS_SELECTOR, "#pills li")],
                    self.driver.find_element(By.ID, "q").get_attribute("value"))

        shown = view()
        self.driver.refresh()
        self.rendered()
        self.assertEqual(view(), shown)
        url = self.driver.current_url
        self.driver.get("about:blank")
        self.driver.get(url)
        self.rendered()
        self.assertEqual(view(), shown)

    def test_back_and_forward_restore_the_views(self):
        self.open("?q=attentat")
        first = (self.total(), self.hit_ids())
        organisation = self.search([("q", "attentat")])["facets"]["organization"]["values"][0]
        self.panel_row("organization", organisation["value"]).find_element(
            By.CSS_SELECTOR, "input").click()
        self.wait_for_url(lambda p: p.get("organization") == [organisation["value"]], "filter")
        second = (self.total(), self.hit_ids())
        self.assertNotEqual(first, second)
        self.driver.back()
        self.wait_for_url(lambda p: "organization" not in p and p.get("q") == ["attentat"], "back")
        self.assertEqual((self.total(), self.hit_ids()), first)
        self.assertFalse(self.panel_row("organization", organisation["value"]).find_element(
            By.CSS_SELECTOR, "input").is_selected())
        self.assertEqual(self.driver.find_element(By.ID, "q").get_attribute("value"), "attentat")
        self.driver.forward()
        self.wait_for_url(lambda p: p.get("organization") == [organisation["value"]], "forward")
        self.assertEqual((self.total(), self.hit_ids()), second)

    def test_a_syntax_error_shows_the_problem_in_french(self):
        # The failed requests are the console errors this test expects.
        self.allowed_errors.append(("network", "status of 400"))
        self.open()
        # (query, what the API's message names, words of the French text)
        for query, english, french in (
                ('attentat ("paris', "this quote is never closed", ["guillemet", "jamais fermé"]),
                ("état d’urgence AND", '"AND" needs a query on its right',
                 ["« AND »", "à sa droite"])):
            status, body = self.api("/search", [("q", query)])
            self.assertEqual(status, 400)
            self.assertEqual(body["error"]["code"], "bad_query")
            self.assertIn(english, body["error"]["message"])
            self.type_query(query)
            self.wait_for_url(lambda p: p.get("q") == [query], "query")
            error = self.driver.find_element(By.ID, "error")
            self.assertTrue(error.is_displayed())
            text = error.find_element(By.CSS_SELECTOR, ".message").text
            self.assertTrue(text.startswith("La requête ne peut pas être lue"), text)
            for words in french:
                self.assertIn(words, text)
            self.assertNotIn(english, error.text)  # the API's English is not shown
            # Where: the query, and a caret under the character at the
            # API's byte offset.
            caret = error.find_element(By.CSS_SELECTOR, ".caret").text.split("\n")
            position = len(query.encode("utf-8")[:body["error"]["position"]].decode("utf-8"))
            self.assertEqual(caret[0], query)
            self.assertEqual(caret[1].index("^"), position)
            self.assertEqual(self.hit_ids(), [])
            # The empty date chart is not in the way of the message.
            self.assertFalse(self.driver.find_element(By.ID, "timeline").is_displayed())
            # Not a blank page: the search box and the panels are still there.
            self.assertEqual(self.driver.find_element(By.ID, "q").get_attribute("value"), query)
            self.assertTrue(self.driver.find_element(By.CSS_SELECTOR, ".facet").is_displayed())

    def test_a_filter_the_api_refuses_is_named_in_french(self):
        # The failed requests are the console errors this test expects (the
        # 404: the title of the article of the "similaires" pill).
        self.allowed_errors += [("network", "status of 400"), ("network", "status of 404")]
        # (page URL, the API's parameter at fault, words of the French text)
        for view, parameter, french in (
                ("?q=attentat&person=%21%21", "person", ["« Personne »", "« !! »",
                                                         "ni lettre ni chiffre"]),
                ("?not_organization=%3F", "not_organization", ["« Sauf organisation »", "« ? »"]),
                ("?from=2016-13", "from", ["La date « 2016-13 »", "début de la période"]),
                ("?like=pas-un-article", None, ["articles similaires", "« pas-un-article »",
                                                "aucun article n’a cet identifiant"])):
            params = urllib.parse.parse_qsl(view[1:])
            status, body = self.api("/search", params)
            self.assertEqual(status, 400, view)
            self.assertEqual(body["error"]["code"], "invalid_argument", view)
            if parameter is not None:
                self.assertEqual(body["error"]["parameter"], parameter, view)
            self.open(view)
            error = self.driver.find_element(By.ID, "error")
            self.assertTrue(error.is_displayed(), view)
            self.assertEqual(error.get_attribute("data-code"), "invalid_argument")
            for words in french:
                self.assertIn(words, error.text, view)
            self.assertNotIn(body["error"]["message"], error.text, view)
            self.assertEqual(self.hit_ids(), [], view)

    def test_a_server_with_a_read_key(self):
        key = "lecture-s3cret"
        key_file = os.path.join(self.workdir, "read.key")
        with open(key_file, "w") as out:
            out.write(key + "\n")
        server, base = start_server(ARGS.serve, self.db, os.path.join(self.workdir, "keyed.err"),
                                    ["--read-key-file", key_file])
        try:
            self.check_read_key(base, key)
        finally:
            stop_server(server)

    def check_read_key(self, base, key):
        # The requests refused for want of the right key are the console
        # errors this test expects.
        self.allowed_errors += [("network", "status of 401"), ("network", "status of 403")]
        status, body = self.api("/search", [("q", "attentat")], base=base)
        self.assertEqual((status, body["error"]["code"]), (401, "unauthorized"))
        expected = self.search_with_key(base, key, [("q", "attentat")])
        self.driver.get(base + "/?q=attentat")
        self.rendered()
        form = self.driver.find_element(By.ID, "key-request")
        self.assertTrue(form.is_displayed())
        self.assertIn("demande une clé de lecture", form.text)
        self.assertEqual(self.driver.execute_script("return document.activeElement.id;"),
                         "read-key")
        self.assertEqual(self.hit_ids(), [])
        # A wrong key: refused, said in French, forgotten, asked again.
        self.driver.find_element(By.ID, "read-key").send_keys("pas-la-bonne", Keys.ENTER)
        self.wait(lambda: form.get_attribute("data-refused") == "true", "wrong key not refused")
        self.rendered()
        self.assertIn("refusée", form.text)
        self.assertIsNone(self.driver.execute_script(
            "return sessionStorage.getItem('facette.readKey');"))
        # The right key: the view, as the API gives it to a client with the key.
        self.driver.find_element(By.ID, "read-key").send_keys(key, Keys.ENTER)
        self.wait(lambda: self.driver.execute_script(
            "return document.body.dataset.state;") == "ready", "the right key shows nothing")
        self.assertFalse(form.is_displayed())
        self.assertEqual(self.total(), expected["total"])
        self.assertEqual(self.hit_ids(), [hit["id"] for hit in expected["hits"]])
        # Kept for the tab's session, never in the URL: a reload needs no key.
        self.assertEqual(self.driver.execute_script(
            "return sessionStorage.getItem('facette.readKey');"), key)
        self.assertNotIn(key, self.driver.current_url)
        self.driver.refresh()
        self.rendered()
        self.assertEqual(self.driver.execute_script("return document.body.dataset.state;"),
                         "ready")
        self.assertFalse(self.driver.find_element(By.ID, "key-request").is_displayed())
        self.assertEqual(self.hit_ids(), [hit["id"] for hit in expected["hits"]])
        self.assertNotIn(key, self.driver.current_url)
        # The other routes the page calls get the key too: the facet search.
        box = self.driver.find_element(
            By.CSS_SELECTOR, '.facet[data-facet="person"] input.facet-search')
        box.send_keys("fran")
        self.wait(lambda: self.driver.find_element(
            By.CSS_SELECTOR, '.facet[data-facet="person"]').get_attribute("data-searching") ==
                  "fran", "facet search never shown")
        status, found = self.api("/facets/person", [("q", "attentat"), ("prefix", "fran")],
                                 base=base, key=key)
        self.assertEqual(status, 200)
        self.assertTrue(found["values"])
        self.assertEqual(self.panel_values("person"),
                         [(v["value"], v["count"]) for v in found["values"]])

    def search_with_key(self, base, key, params):
        status, body = self.api("/search", params, base=base, key=key)
        self.assertEqual(status, 200, body)
        return body

    def test_article_view_and_similar_articles(self):
        expected = self.search([("q", "attentat")])
        hit = expected["hits"][0]
        status, article = self.api("/articles/" + urllib.parse.quote(hit["id"], safe=""))
        self.assertEqual(status, 200)
        self.open("?q=attentat")
        self.driver.find_element(By.CSS_SELECTOR, "#hits li.hit:first-child .hit-title a").click()
        self.wait_for_url(lambda p: p.get("article") == [hit["id"]], "article view")
        self.wait(lambda: self.driver.find_elements(By.CSS_SELECTOR, "#article-view article"),
                  "the article never showed")
        view = self.driver.find_element(By.ID, "article-view")
        self.assertEqual(view.find_element(By.CSS_SELECTOR, "h2").text, article["title"])
        first_line = next(l for l in article["body"].split("\n") if l.strip())
        self.assertEqual(view.find_element(By.CSS_SELECTOR, ".body p").text, first_line.strip())
        self.assertEqual([c.text for c in view.find_elements(
            By.CSS_SELECTOR, 'button.chip[data-facet="person"]')], article["persons"])
        view.find_element(By.CSS_SELECTOR, "a.like").click()
        self.wait_for_url(lambda p: p.get("like") == [hit["id"]] and "article" not in p, "like")
        like = self.search([("like", hit["id"])])
        self.assertEqual(self.total(), like["total"])
        self.assertEqual(self.hit_ids(), [h["id"] for h in like["hits"]])
        self.assertNotIn(hit["id"], self.hit_ids())

    def test_sort_and_paging(self):
        self.open("?q=attentat")
        self.driver.find_element(By.CSS_SELECTOR, '#sort option[value="oldest"]').click()
        self.wait_for_url(lambda p: p.get("sort") == ["oldest"], "sort")
        self.assertEqual(self.hit_ids(), [h["id"] for h in self.search(
            [("q", "attentat"), ("sort", "oldest")])["hits"]])
        self.driver.find_element(By.CSS_SELECTOR, '#pager a[aria-label="Page suivante"]').click()
        self.wait_for_url(lambda p: p.get("offset") == ["10"], "next page")
        self.assertEqual(self.hit_ids(), [h["id"] for h in self.search(
            [("q", "attentat"), ("sort", "oldest"), ("offset", "10")])["hits"]])

    def test_keystroke_to_results_timing(self):
        """The time from the last keystroke to the results on screen, as the
        page measures it with the Performance API, over queries made of the
        words of the newest articles' titles (typed whole, one after the
        other). Printed; with --timing-limit-ms, its p95 must be within."""
        titles = [hit["title"] for hit in self.search(
            [("limit", "40"), ("facets", "none"), ("sort", "newest")])["hits"]]
        queries = []
        for title in titles:
            words = [w.strip(".,:;!?«»()\"'’") for w in title.split()]
            words = [w for w in words if len(w) >= 6 and w.isalpha()]
            if words and words[0].lower() not in [q.lower() for q in queries]:
                queries.append(words[0].lower())
        self.assertGreaterEqual(len(queries), 10, titles)
        self.open()
        box = self.driver.find_element(By.ID, "q")
        read = ("return performance.getEntriesByName('facette:keystroke-to-results')"
                "  .map(e => Object.assign({duration: e.duration}, e.detail));")
        measures = []
        served = []  # the /search request as the browser saw it (resource timing)
        searches_before = self.search_metrics()
        for query in queries:
            count = len(self.driver.execute_script(read))
            box.send_keys(Keys.CONTROL, "a")
            box.send_keys(query)
            self.wait_for_url(lambda p: p.get("q") == [query], query)
            self.wait(lambda: len(self.driver.execute_script(read)) > count, "no measure: " + query)
            measures.append(self.driver.execute_script(read)[-1])
            served.append(self.driver.execute_script(
                "const url = location.origin + document.body.dataset.request;"
                "const r = performance.getEntriesByName(url, 'resource').slice(-1)[0];"
                "return r ? {queued: r.requestStart - r.startTime,"
                "            first_byte: r.responseStart - r.requestStart,"
                "            download: r.responseEnd - r.responseStart} : null;"))
        searches_after = self.search_metrics()
        self.assertTrue(all(m["duration"] > 0 for m in measures))
        self.assertTrue(all(s is not None for s in served))
        requests = searches_after[0] - searches_before[0]
        self.assertGreaterEqual(requests, len(queries))

        def percentiles(values):
            values = sorted(values)
            return (values[len(values) // 2],
                    values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))])

        p50, p95 = percentiles([m["duration"] for m in measures])
        print("\nkeystroke to results over %d queries (ms): p50 %.1f, p95 %.1f, max %.1f"
              % (len(measures), p50, p95, max(m["duration"] for m in measures)), file=sys.stderr)
        for name, values in (
                ("wait before the request", [m["wait"] for m in measures]),
                ("request, answer parsed", [m["request"] for m in measures]),
                ("  of which before it is sent", [s["queued"] for s in served]),
                ("  of which sent to first byte", [s["first_byte"] for s in served]),
                ("  of which the download", [s["download"] for s in served]),
                ("rendering", [m["render"] for m in measures]),
                ("to the next frame", [m["frame"] for m in measures])):
            print("  %-30s p50 %6.1f  p95 %6.1f" % ((name,) + percentiles(values)), file=sys.stderr)
        print("  /search requests the server answered: %d for %d queries, %.2f ms each on"
              " average (its /metrics)" % (requests, len(queries),
                                           1000 * (searches_after[1] - searches_before[1]) /
                                           max(1, requests)), file=sys.stderr)
        with open("/proc/loadavg") as load:
            print("  load average: " + " ".join(load.read().split()[:3]), file=sys.stderr)
        if ARGS.timing_limit_ms is not None:
            self.assertLessEqual(p95, ARGS.timing_limit_ms)

    def layout_shifts(self):
        """The layout shifts of the page so far not caused by input (the
        Layout Instability API), as [value, node description]."""
        return self.driver.execute_async_script(
            "const done = arguments[0];"
            "new PerformanceObserver((list) => done(list.getEntries()"
            "  .filter(e => !e.hadRecentInput)"
            "  .map(e => [e.value, e.sources.map(s => s.node ? s.node.id || s.node.className"
            "                                                 : '').join(' ')])))"
            "  .observe({type: 'layout-shift', buffered: true});"
            "setTimeout(() => done([]), 500);")

    def test_nothing_moves_when_the_results_arrive(self):
        for width, height in ((1280, 1000), (390, 844)):
            self.driver.set_window_size(width, height)
            self.open("?q=attentat")
            shifts = self.layout_shifts()
            self.assertLess(sum(value for value, _ in shifts), 0.01, (width, shifts))

    def test_screenshots_of_the_main_view(self):
        self.open("?q=attentat")
        self.screenshot("main", 1280)
        self.screenshot("main", 390)
        # On a phone the sort menu and the "Filtres" button share a line, under
        # the total.
        top = lambda id: self.driver.find_element(By.ID, id).rect["y"]
        self.assertLess(abs(top("sort") - top("filters-toggle")), 8)
        self.assertGreater(top("sort"), top("total"))
        # With a result the chart is back.
        self.assertTrue(self.driver.find_element(By.ID, "timeline").is_displayed())


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--screenshots", required=True)
    parser.add_argument("--db", help="a database to serve instead of indexing --corpus")
    parser.add_argument("--timing-limit-ms", type=float,
                        help="fail when the keystroke-to-results p95 is over this")
    ARGS, rest = parser.parse_known_args()
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    result = program.result
    # A run that tested nothing, or skipped anything, is a failure.
    ok = result.wasSuccessful() and result.testsRun > 0 and not result.skipped
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
