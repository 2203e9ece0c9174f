"""Before `make serve`: create its PostgreSQL database when missing, and check that PostgreSQL and Redis answer.

Usage: python deploy/serve_prepare.py DATABASE_URL REDIS_URL. Exits 1 with one line naming what does not answer.
"""

import sys
from urllib.parse import unquote, urlsplit

import psycopg
import redis
from psycopg import sql


def database_ensure(url: str) -> str:
    """Create the database the URL names unless it exists; say which was the case."""
    parts = urlsplit(url)
    name = unquote(parts.path.lstrip("/"))
    if parts.scheme not in {"postgres", "postgresql"} or not name:
        raise SystemExit(f"make serve runs on PostgreSQL: {url!r} is not a postgres://…/<database> address")
    server = parts._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as connection:
            if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                return f"database {name} is there"
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return f"database {name} created"
    except psycopg.OperationalError as error:
        raise SystemExit(f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432}: {error}") from error


def redis_check(url: str) -> str:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis does not answer at {url}: {error}") from error
    return "Redis answers"


if __name__ == "__main__":
    database_url, redis_url = sys.argv[1:3]
    print(f"{database_ensure(database_url)}; {redis_check(redis_url)}")
