"""Lighthouse on the portal's main pages, in Arabic and French: `make audit`.

Runs node_modules/.bin/lighthouse (mobile preset, simulated throttling) with Debian's
Chromium against ORIGIN, writes each report to var/audit/<lang>-<page>.json and a summary
of scores and metrics to var/audit/summary.json, and prints it as a table.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "audit"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def pages(commune: str, initiative: str) -> dict[str, str]:
    return {
        "home": "/{lang}/",
        "initiatives": "/{lang}/initiatives/",
        "initiative": f"/{{lang}}/initiatives/{initiative}/",
        "commune": f"/{{lang}}/communes/{commune}/",
        "search": "/{lang}/search/?q=" + "{word}",
    }


def summarise(report: dict, origin: str) -> dict:
    audits = report["audits"]
    host = urlparse(origin).netloc
    requests = audits["network-requests"]["details"]["items"]
    return {
        **{c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES},
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "bytes": round(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "third_party": sorted(
            {r["url"] for r in requests if urlparse(r["url"]).netloc not in (host, "")}
        ),
        "below_100": {
            c: [
                a["id"]
                for ref in report["categories"][c]["auditRefs"]
                if ref["weight"] and (a := audits[ref["id"]])["score"] not in (None, 1)
            ]
            for c in CATEGORIES
            if report["categories"][c]["score"] < 1
        },
    }


# Runs of Lighthouse on one page before the audit gives up.
ATTEMPTS = 3


def main(origin: str, commune: str, initiative: str) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    lighthouse = ROOT / "node_modules" / ".bin" / "lighthouse"
    summary = {}
    for lang, word in (("ar", "مدرسة"), ("fr", "école")):
        for name, path in pages(commune, initiative).items():
            url = origin + path.format(lang=lang, word=word)
            target = OUT / f"{lang}-{name}.json"
            for attempt in range(1, ATTEMPTS + 1):
                run = subprocess.run(
                    [
                        str(lighthouse),
                        url,
                        "--quiet",
                        "--output=json",
                        f"--output-path={target}",
                        f"--chrome-flags={CHROME_FLAGS}",
                    ],
                    env=os.environ
                    | {"CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
                )
                if run.returncode == 0:
                    break
                # Lighthouse sometimes misses the start of the page load in Chromium's trace
                # (NO_NAVSTART) and asks to be run again: the page is measured afresh.
                print(f"Lighthouse failed on {url} (attempt {attempt} of {ATTEMPTS}).")
            else:
                raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {url}.")
            summary[f"{lang} {name}"] = summarise(json.loads(target.read_text()), origin)
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    columns = ("perf", "a11y", "bp", "seo", "FCP ms", "LCP ms", "TBT ms", "CLS", "bytes", "req")
    print(f"{'page':16}" + "".join(f"{c:>8}" for c in columns))
    for page, s in summary.items():
        values = [
            s["performance"],
            s["accessibility"],
            s["best-practices"],
            s["seo"],
            s["fcp_ms"],
            s["lcp_ms"],
            s["tbt_ms"],
            s["cls"],
            s["bytes"],
            s["requests"],
        ]
        print(f"{page:16}" + "".join(f"{v:>8}" for v in values))
        for category, audits in s["below_100"].items():
            print(f"{'':16}below 100 in {category}: {', '.join(audits)}")
        if s["third_party"]:
            print(f"{'':16}third-party: {', '.join(s['third_party'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
