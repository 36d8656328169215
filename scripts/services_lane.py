"""The services lane's plumbing for scripts/test.sh (PostgreSQL and Redis on this machine).

    services_lane.py up                       exit 0 when both answer, else print why and exit 1
    services_lane.py database-url URL NAME    URL with its database renamed to NAME
    services_lane.py forget DB_URL REDIS NAME drop test_NAME and delete Redis keys "NAME:*"

Each run of the lane has a name of its own, so two runs on one machine never drop each other's
database or take each other's tasks; `forget` clears what a run cut short leaves behind
(pytest-django drops test_NAME itself at the end of a whole run).
"""

import socket
import sys
from urllib.parse import urlsplit, urlunsplit

SERVICES = {"PostgreSQL": ("127.0.0.1", 5432), "Redis": ("127.0.0.1", 6379)}


def up():
    missing = []
    for name, address in SERVICES.items():
        try:
            socket.create_connection(address, timeout=1).close()
        except OSError:
            missing.append(f"{name} ({address[0]}:{address[1]})")
    if missing:
        print("not reachable: " + ", ".join(missing))
        return 1
    return 0


def database_url(url, name):
    print(urlunsplit(urlsplit(url)._replace(path="/" + name)))
    return 0


def forget(db_url, redis_url, name):
    import environ
    import psycopg
    import redis

    db = environ.Env.db_url_config(db_url)
    with psycopg.connect(host=db["HOST"], port=db["PORT"] or None, user=db["USER"],
                         password=db["PASSWORD"] or None, dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{name}:*"):
        client.delete(key)
    return 0


COMMANDS = {"up": up, "database-url": database_url, "forget": forget}

if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["up"]
    sys.exit(COMMANDS[command](*args))
