"""Exit 0 when PostgreSQL and Redis answer on their default local ports, else print why and exit 1."""

import socket
import sys

SERVICES = {"PostgreSQL": ("127.0.0.1", 5432), "Redis": ("127.0.0.1", 6379)}

missing = []
for name, address in SERVICES.items():
    try:
        socket.create_connection(address, timeout=1).close()
    except OSError:
        missing.append(f"{name} ({address[0]}:{address[1]})")
if missing:
    print("not reachable: " + ", ".join(missing))
    sys.exit(1)
