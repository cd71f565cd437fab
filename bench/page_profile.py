"""Each measured page's own time in this process, on a world seed_scale built before (`bench/pages.py --keep`
leaves one): the median and the best of --repeat warm requests through Django's test client, the median CPU time of this
process (Python's share: PostgreSQL's is not in it, and it varies less with the machine's other work), the queries
and the size of the answer; with --profile, the functions the page spends most in (cProfile, cumulative).

A page served by 2 gunicorn workers to 10 connections waits behind ~5 others, so its p95 there is roughly five
times its own time here: this script is how to see, quickly, whether a change brings a page under the goal
before measuring it again with bench/pages.py --existing.

    .venv/bin/python bench/page_profile.py --existing postgres://postgres@127.0.0.1:5432/bench_pages \
        [--only 'Round results'] [--repeat 20] [--profile]
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
for folder in (BENCH.parent, BENCH):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from harness import configure_environment, django_setup  # noqa: E402
from pages_list import pages  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--existing", metavar="URL", required=True, help="a database seed_scale built")
    parser.add_argument("--only", help="only the pages whose name contains this text")
    parser.add_argument("--repeat", type=int, default=15, help="warm requests per page (15)")
    parser.add_argument("--profile", action="store_true", help="print the top functions of each page")
    parser.add_argument("--top", type=int, default=25, help="functions shown with --profile (25)")
    parser.add_argument("--sort", default="cumulative", help="cProfile's order: cumulative or tottime")
    parser.add_argument("--sql", action="store_true", help="print each query of the page with its time")
    return parser.parse_args()


def main():
    args = parse_args()
    import tempfile

    media = Path(tempfile.mkdtemp(prefix="ocop-profile-"))
    configure_environment(args.existing, media, debug=False)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="pages_site", ALLOWED_HOSTS="testserver", STATIC_ROOT=str(media / "static")
    )
    django_setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: the manifest storage needs it

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = {u.username: u for u in get_user_model().objects.all()}
    clients = {}
    print(f"{'page':<34}{'queries':>8}{'median':>10}{'best':>10}{'CPU':>10}{'KB':>8}")
    for page in pages():
        if args.only and args.only not in page["name"]:
            continue
        client = clients.get(page["user"])
        if client is None:
            client = clients[page["user"]] = Client()
            if page["user"]:
                client.force_login(users[page["user"]])
        response = client.get(page["path"])
        if response.status_code != 200 or page["shows"] not in response.content.decode():
            raise SystemExit(f"{page['name']}: {page['path']} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(page["path"])
        count = len(queries)  # now: the log is emptied at each request's start
        if args.sql:
            for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"])):
                print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
        times, cpu = [], []
        for _n in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(page["path"])
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        print(f"{page['name']:<34}{count:>8}{statistics.median(times):>8.1f}ms{min(times):>8.1f}ms{statistics.median(cpu):>8.1f}ms"
              f"{len(response.content) / 1024:>8.0f}", flush=True)  # fmt: skip
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _n in range(5):
                client.get(page["path"])
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
