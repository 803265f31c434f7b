"""Take a screenshot of a page to look at it: what whoever builds a page does before stopping.

    .venv/bin/python -m tests.e2e.screenshot http://127.0.0.1:8000/ var/screenshots/home.png \
        [--width 375] [--no-js] [--full-page]
"""

import argparse

from .conftest import CHROMIUM_ARGS, chromium_path


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("output")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--no-js", action="store_true")
    parser.add_argument("--full-page", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            locale="fr-FR", java_script_enabled=not args.no_js,
            viewport={"width": args.width, "height": args.height},
        )
        page = context.new_page()
        page.goto(args.url, wait_until="networkidle")
        page.screenshot(path=args.output, full_page=args.full_page)
        browser.close()
    print(args.output)


if __name__ == "__main__":
    main()
