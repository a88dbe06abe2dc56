#!/usr/bin/env python3
"""Sequential request latency (one keep-alive client) of device-bound and plain tokens against a running Rayport.

    RAYPORT_SKIP_BUILD=1 RAYPORT_HOME=/tmp/rp-bench RAYPORT_HTTP_PORT=18931 RAYPORT_SSH_PORT=18932 \
        RAYPORT_ADMIN_PASSWORD=Bench-Admin-Pass-1 ./rayport start
    python3 bundles/devices/bench/device-requests.py 18931 2000

Prints figures only; a fresh server (it sets up the admin and a user 'bench' with one device).
"""
import http.client, json, time, sys, statistics
PORT = int(sys.argv[1]); N = int(sys.argv[2])
c = http.client.HTTPConnection("127.0.0.1", PORT)
def call(method, path, body=None, headers={}):
    h = {"Content-Type": "application/json", **headers}
    c.request(method, path, None if body is None else json.dumps(body), h)
    r = c.getresponse(); data = r.read()
    return r.status, (json.loads(data) if data else None)
def login(u, p, **kw):
    return call("POST", "/api/v1/auth/login", {"username": u, "password": p, **kw})
s, r = login("admin", "Bench-Admin-Pass-1")
if s == 200:  # the first login of a new server: the initial password must be replaced
    call("POST", "/api/v1/auth/password", {"oldPassword": "Bench-Admin-Pass-1", "newPassword": "Bench-Admin-Pass-2"},
         {"Authorization": "Bearer " + r["token"]})
s, r = login("admin", "Bench-Admin-Pass-2"); assert s == 200, r
admin = r["token"]
A = {"Authorization": "Bearer " + admin}
call("POST", "/api/v1/admin/users", {"id": "bench", "name": "Bench", "password": "Bench-First-1", "roles": ["user"]}, A)
s, r = login("bench", "Bench-First-1"); t = r["token"] if s == 200 else None
if t: call("POST", "/api/v1/auth/password", {"oldPassword": "Bench-First-1", "newPassword": "Bench-Pass-1"}, {"Authorization": "Bearer " + t})
s, r = login("bench", "Bench-Pass-1", deviceId="bench-phone", deviceName="Bench phone"); assert s == 200, r
D = {"Authorization": "Bearer " + r["token"], "X-Device-Id": "bench-phone"}
s, r = login("bench", "Bench-Pass-1"); P = {"Authorization": "Bearer " + r["token"]}
def timed(label, fn, n):
    for _ in range(20): fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter(); s = fn(); times.append((time.perf_counter() - t0) * 1000); assert s in (200, 204), s
    times.sort()
    print(f"{label}: n={n} mean {statistics.mean(times):.2f} ms, median {times[n//2]:.2f} ms, p95 {times[int(n*0.95)]:.2f} ms")
timed("GET /two-factor, token without device", lambda: call("GET", "/api/v1/two-factor", None, P)[0], N)
timed("GET /two-factor, device-bound token", lambda: call("GET", "/api/v1/two-factor", None, D)[0], N)
timed("GET /client/me, device-bound token", lambda: call("GET", "/api/v1/client/me", None, D)[0], N)
timed("POST /auth/login with device (Argon2id)", lambda: login("bench", "Bench-Pass-1", deviceId="bench-phone")[0], 30)
