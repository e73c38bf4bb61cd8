#!/usr/bin/env python3
"""Writes a git fast-import stream of a trading-platform history: N commits over eight systems,
with Conventional Commits headers, change-document headers and bodies, squash commits listing
several changes, tickets, and a tag every 1,000 commits. Deterministic (seeded)."""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
rng = random.Random(42)
systems = ["order-router", "risk-engine", "market-data", "pricing", "settlement",
           "reporting", "gateway-fix", "common"]
conv = ["feat", "fix", "perf", "refactor", "chore", "docs", "test", "build", "ci"]
ours = ["FEATURE", "BUGFIX", "ENHANCEMENT", "CLEANUP", "CONFIGURATION", "INTEGRATION", "SECURITY"]
verbs = ["handle", "reject", "cache", "validate", "route", "throttle", "log", "price", "retry", "net"]
things = ["halted venues", "stale quotes", "intraday limits", "odd lots", "FIX resend requests",
          "end-of-day marks", "iceberg orders", "kill switch", "fee schedules", "drop copies"]
out = sys.stdout.buffer
def w(s):
    out.write(s.encode("utf-8"))
def data(b):
    bb = b.encode("utf-8")
    w("data %d\n" % len(bb)); out.write(bb); w("\n")
t = 1700000000
for i in range(1, n + 1):
    t += rng.randint(60, 7200)
    system = rng.choice(systems)
    summary = "%s %s" % (rng.choice(verbs), rng.choice(things))
    ticket = "RISK-%d" % rng.randint(1, 5000)
    r = rng.random()
    if r < 0.45:
        scope = "(%s)" % system if rng.random() < 0.7 else ""
        bang = "!" if rng.random() < 0.02 else ""
        msg = "%s%s%s: %s\n\nRefs: %s\n" % (rng.choice(conv), scope, bang, summary, ticket)
    elif r < 0.85:
        msg = ("%s: %s\n\n## Context and Rationale\nSeen in production (%s).\n\n## Changes Made\n"
               "### %s\n- %s\n\n## Testing and Verification\n- ✅ unit tests\n"
               % (rng.choice(ours), summary, ticket, system, summary))
    elif r < 0.95:
        msg = "%s (#%d)\n\n* feat: %s\n* fix: %s %s\n" % (summary, i, summary,
              rng.choice(verbs), rng.choice(things))
    else:
        msg = "%s %s\n" % (rng.choice(["update", "tweak", "wip on"]), rng.choice(things))
    w("commit refs/heads/main\n")
    w("mark :%d\n" % i)
    w("author Dev %d <dev%d@example.com> %d +0000\n" % (i % 17, i % 17, t))
    w("committer Dev %d <dev%d@example.com> %d +0000\n" % (i % 17, i % 17, t))
    data(msg)
    if i > 1:
        w("from :%d\n" % (i - 1))
    for _ in range(rng.randint(1, 3)):
        s = system if rng.random() < 0.8 else rng.choice(systems)
        path = "%s/src/main/java/com/acme/%s/File%d.java" % (s, s.replace("-", ""), rng.randint(1, 60))
        w("M 100644 inline %s\n" % path)
        data("class File { int v = %d; }\n" % i)
    w("\n")
    if i % 1000 == 0:
        w("reset refs/tags/v%d.0.0\nfrom :%d\n\n" % (i // 1000, i))
