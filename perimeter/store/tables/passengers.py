"""Passenger data: messages received (PAXLST, PNRGOV), the flight manifests they give with each traveller's
assessment, passenger name records, targeting rules and their hits, and the links cases keep on passenger data.

``passenger_messages`` is the receipt of every message: the digests of its bytes and of what was read from it are
unique, so a message sent twice (even re-enveloped) is recognised and stored once. A ``manifests`` row is one
screened message for one flight (a PAXLST manifest, or the travellers of a PNRGOV push); ``manifest_travellers``
holds each traveller with the disposition the screening gave. ``pnrs`` holds one row per booking (carrier,
locator), a changes-only push being applied to it. Scheduled times are local to their airport, as the
messages give them, hence naive.
"""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from perimeter.store.tables.base import JSONDocument, UTCDateTime, metadata

passenger_messages = Table(
    "passenger_messages",
    metadata,
    Column("message_id", String(40), primary_key=True),
    Column("kind", String(10), nullable=False, comment="paxlst or pnrgov"),
    Column("sender", String(100), nullable=False),
    Column("receiver", String(100), nullable=False),
    Column("interchange_reference", String(100), nullable=False, comment="UNB interchange control reference"),
    Column("message_reference", String(100), nullable=False, comment="common access reference or UNH reference"),
    Column("content_sha256", String(64), nullable=False, unique=True, comment="of the bytes received"),
    Column("record_sha256", String(64), nullable=False, unique=True, comment="of the manifest or PNRs read"),
    Column("version", String(10), nullable=False),
    Column("source", Text, nullable=False, comment="file name or upload name"),
    Column("received_at", UTCDateTime, nullable=False),
    Column("received_by", String(200), nullable=False),
    Index("ix_passenger_messages_reference", "sender", "interchange_reference"),
)

manifests = Table(
    "manifests",
    metadata,
    Column("manifest_id", String(40), primary_key=True),
    Column("message_id", String(40), ForeignKey("passenger_messages.message_id"), nullable=False, unique=True),
    Column("kind", String(10), nullable=False, comment="paxlst or pnrgov"),
    Column("carrier", String(3), nullable=False),
    Column("flight_number", String(8), nullable=False),
    Column("departure_airport", String(5), nullable=True),
    Column("arrival_airport", String(5), nullable=True),
    Column("scheduled_departure", DateTime(timezone=False), nullable=True, comment="local time of the airport"),
    Column("flight_date", Date, nullable=True, comment="date of the scheduled departure (retention counts from it)"),
    Column("document_type", String(5), nullable=True, comment="BGM code: 745 passengers, 250 crew, ..."),
    Column("flights", JSONDocument, nullable=False, comment="every leg as read"),
    Column("passenger_count", Integer, nullable=False),
    Column("crew_count", Integer, nullable=False),
    Column("declared_passenger_count", Integer, nullable=True),
    Column("declared_crew_count", Integer, nullable=True),
    Column("received_at", UTCDateTime, nullable=False),
    Column("minutes_before_departure", Integer, nullable=True, comment="negative when received after departure"),
    Column("late", Boolean, nullable=False),
    Column(
        "incomplete_travellers",
        Integer,
        nullable=False,
        comment="travellers lacking document, birth date or nationality",
    ),
    Column("count_mismatch", Boolean, nullable=False),
    Column("warnings", JSONDocument, nullable=False),
    Column("quality", JSONDocument, nullable=False, comment="the data quality findings, one per line"),
    Column("screened_at", UTCDateTime, nullable=False),
    Column("refer_count", Integer, nullable=False),
    Column("review_count", Integer, nullable=False),
    Index("ix_manifests_flight", "carrier", "flight_number", "flight_date"),
    Index("ix_manifests_received_at", "received_at"),
)

manifest_travellers = Table(
    "manifest_travellers",
    metadata,
    Column("traveller_id", Integer, primary_key=True, autoincrement=True),
    Column("manifest_id", String(40), ForeignKey("manifests.manifest_id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False, comment="order in the message, from 1"),
    Column("role", String(10), nullable=False, comment="passenger or crew"),
    Column("surname", String(200), nullable=True),
    Column("given_names", String(200), nullable=True),
    Column("birth_date", Date, nullable=True),
    Column("nationality", String(3), nullable=True),
    Column("booking_reference", String(20), nullable=True, comment="PNR locator (RFF+AVF, or the PNR's own)"),
    Column("pnr_id", String(40), nullable=True, comment="the stored PNR the traveller was booked on, when known"),
    Column("data", JSONDocument, nullable=False, comment="the traveller as read (documents, places, references)"),
    Column("disposition", String(10), nullable=False, comment="no-action, review or refer"),
    Column("disposition_reason", Text, nullable=False),
    Column("assessment", JSONDocument, nullable=False, comment="watch-list hits, document checks, rule matches"),
    Index("ix_manifest_travellers_manifest", "manifest_id", "position"),
    Index("ix_manifest_travellers_disposition", "disposition"),
)

pnrs = Table(
    "pnrs",
    metadata,
    Column("pnr_id", String(40), primary_key=True),
    Column("carrier", String(3), nullable=False),
    Column("record_locator", String(20), nullable=False),
    Column("data", JSONDocument, nullable=False, comment="the record as last pushed, changes applied"),
    Column("flight_date", Date, nullable=True, comment="the last flight of the itinerary (retention counts from it)"),
    Column("version", Integer, nullable=False, comment="1, then one more per push that changed it"),
    Column("first_message_id", String(40), nullable=False),
    Column("last_message_id", String(40), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("masked_at", UTCDateTime, nullable=True, comment="when the retention job found it past the masking period"),
    UniqueConstraint("carrier", "record_locator", name="uq_pnrs_locator"),
)

passenger_case_links = Table(
    "passenger_case_links",
    metadata,
    Column("link_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(10), nullable=False, comment="pnr or manifest"),
    Column("record_id", String(40), nullable=False, comment="pnr_id or manifest_id"),
    Column("case_id", String(60), nullable=False),
    Column("case_open", Boolean, nullable=False),
    Column("linked_at", UTCDateTime, nullable=False),
    Column("linked_by", String(200), nullable=False),
    UniqueConstraint("kind", "record_id", "case_id", name="uq_passenger_case_links_link"),
)

targeting_rules = Table(
    "targeting_rules",
    metadata,
    Column("rule_id", String(60), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("expression", Text, nullable=False, comment="CEL over the variable model of docs/manifests.md"),
    Column("action", String(10), nullable=False, comment="review or refer, when it fires"),
    Column("state", String(10), nullable=False, comment="draft, active or retired"),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("activated_at", UTCDateTime, nullable=True),
    Column("retired_at", UTCDateTime, nullable=True),
)

rule_hits = Table(
    "rule_hits",
    metadata,
    Column(
        "traveller_id", Integer, ForeignKey("manifest_travellers.traveller_id", ondelete="CASCADE"), primary_key=True
    ),
    Column("rule_id", String(60), primary_key=True),
    Column("rule_version", Integer, nullable=False),
    Column("fields", JSONDocument, nullable=False, comment="the variables that fired, with their values"),
    Index("ix_rule_hits_rule", "rule_id", "rule_version"),
)
