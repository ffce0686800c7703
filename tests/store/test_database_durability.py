"""Writes that may answer before the disk has the commit: PostgreSQL only, and only for that transaction."""

from sqlalchemy import text

from perimeter.services.node import Node


def test_a_write_may_skip_waiting_for_the_disk_for_itself_only(node: Node) -> None:
    if node.db.is_sqlite:  # SQLite's WAL with synchronous=NORMAL already commits this way
        with node.db.write(wait_for_disk=False) as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1
        return
    with node.db.write(wait_for_disk=False) as connection:
        assert connection.execute(text("SHOW synchronous_commit")).scalar() == "off"
    with node.db.write() as connection:
        assert connection.execute(text("SHOW synchronous_commit")).scalar() == "on"
