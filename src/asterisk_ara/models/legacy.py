"""The other realtime tables of ARA head: dialplan, queues, voicemail, chan_sip/IAX2, MoH, STIR/SHAKEN."""
from __future__ import annotations

import datetime
import decimal
from typing import Optional

from sqlalchemy import BigInteger, DateTime, ForeignKeyConstraint, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from . import enums as E
from .base import Base, sql_enum


class Extension(Base):
    __tablename__ = "extensions"
    __table_args__ = (
        UniqueConstraint('context', 'exten', 'priority'),
        # ARA gives MySQL an extra UNIQUE(id) beside the primary key.
        UniqueConstraint("id", name="id").ddl_if(dialect="mysql"),
    )

    # BIGSERIAL on PostgreSQL; SQLite only autoincrements an INTEGER PRIMARY KEY.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    context: Mapped[str] = mapped_column(String(40), nullable=False)
    exten: Mapped[str] = mapped_column(String(40), nullable=False)
    priority: Mapped[int] = mapped_column(Integer, nullable=False)
    app: Mapped[str] = mapped_column(String(40), nullable=False)
    appdata: Mapped[str] = mapped_column(String(256), nullable=False)


class IaxFriend(Base):
    __tablename__ = "iaxfriends"
    __table_args__ = (
        UniqueConstraint('name'),
        Index('iaxfriends_host_port', 'host', 'port'),
        Index('iaxfriends_ipaddr_port', 'ipaddr', 'port'),
        Index('iaxfriends_name', 'name'),
        Index('iaxfriends_name_host', 'name', 'host'),
        Index('iaxfriends_name_ipaddr_port', 'name', 'ipaddr', 'port'),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    type: Mapped[Optional[str]] = mapped_column(sql_enum(E.TypeValues))
    username: Mapped[Optional[str]] = mapped_column(String(40))
    mailbox: Mapped[Optional[str]] = mapped_column(String(40))
    secret: Mapped[Optional[str]] = mapped_column(String(40))
    dbsecret: Mapped[Optional[str]] = mapped_column(String(40))
    context: Mapped[Optional[str]] = mapped_column(String(40))
    regcontext: Mapped[Optional[str]] = mapped_column(String(40))
    host: Mapped[Optional[str]] = mapped_column(String(40))
    ipaddr: Mapped[Optional[str]] = mapped_column(String(40))
    port: Mapped[Optional[int]] = mapped_column(Integer)
    defaultip: Mapped[Optional[str]] = mapped_column(String(20))
    sourceaddress: Mapped[Optional[str]] = mapped_column(String(20))
    mask: Mapped[Optional[str]] = mapped_column(String(20))
    regexten: Mapped[Optional[str]] = mapped_column(String(40))
    regseconds: Mapped[Optional[int]] = mapped_column(Integer)
    accountcode: Mapped[Optional[str]] = mapped_column(String(80))
    mohinterpret: Mapped[Optional[str]] = mapped_column(String(20))
    mohsuggest: Mapped[Optional[str]] = mapped_column(String(20))
    inkeys: Mapped[Optional[str]] = mapped_column(String(40))
    outkeys: Mapped[Optional[str]] = mapped_column(String(40))
    language: Mapped[Optional[str]] = mapped_column(String(10))
    callerid: Mapped[Optional[str]] = mapped_column(String(100))
    cid_number: Mapped[Optional[str]] = mapped_column(String(40))
    sendani: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    fullname: Mapped[Optional[str]] = mapped_column(String(40))
    trunk: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    auth: Mapped[Optional[str]] = mapped_column(String(20))
    maxauthreq: Mapped[Optional[int]] = mapped_column(Integer)
    requirecalltoken: Mapped[Optional[str]] = mapped_column(sql_enum(E.IaxRequirecalltokenValues))
    encryption: Mapped[Optional[str]] = mapped_column(sql_enum(E.IaxEncryptionValues))
    transfer: Mapped[Optional[str]] = mapped_column(sql_enum(E.IaxTransferValues))
    jitterbuffer: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    forcejitterbuffer: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    disallow: Mapped[Optional[str]] = mapped_column(String(200))
    allow: Mapped[Optional[str]] = mapped_column(String(200))
    codecpriority: Mapped[Optional[str]] = mapped_column(String(40))
    qualify: Mapped[Optional[str]] = mapped_column(String(10))
    qualifysmoothing: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    qualifyfreqok: Mapped[Optional[str]] = mapped_column(String(10))
    qualifyfreqnotok: Mapped[Optional[str]] = mapped_column(String(10))
    timezone: Mapped[Optional[str]] = mapped_column(String(20))
    adsi: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    amaflags: Mapped[Optional[str]] = mapped_column(String(20))
    setvar: Mapped[Optional[str]] = mapped_column(String(200))


class MeetMe(Base):
    __tablename__ = "meetme"
    __table_args__ = (
        Index('meetme_confno_start_end', 'confno', 'starttime', 'endtime'),
    )

    bookid: Mapped[int] = mapped_column(Integer, primary_key=True)
    confno: Mapped[str] = mapped_column(String(80), nullable=False)
    starttime: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    endtime: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    pin: Mapped[Optional[str]] = mapped_column(String(20))
    adminpin: Mapped[Optional[str]] = mapped_column(String(20))
    opts: Mapped[Optional[str]] = mapped_column(String(20))
    adminopts: Mapped[Optional[str]] = mapped_column(String(20))
    recordingfilename: Mapped[Optional[str]] = mapped_column(String(80))
    recordingformat: Mapped[Optional[str]] = mapped_column(String(10))
    maxusers: Mapped[Optional[int]] = mapped_column(Integer)
    members: Mapped[int] = mapped_column(Integer, nullable=False)


class MusicOnHold(Base):
    __tablename__ = "musiconhold"

    name: Mapped[str] = mapped_column(String(80), primary_key=True, autoincrement=False)
    mode: Mapped[Optional[str]] = mapped_column(sql_enum(E.MohModeValues))
    directory: Mapped[Optional[str]] = mapped_column(String(255))
    application: Mapped[Optional[str]] = mapped_column(String(255))
    digit: Mapped[Optional[str]] = mapped_column(String(1))
    sort: Mapped[Optional[str]] = mapped_column(String(10))
    format: Mapped[Optional[str]] = mapped_column(String(10))
    stamp: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
    loop_last: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))


class MusicOnHoldEntry(Base):
    __tablename__ = "musiconhold_entry"
    __table_args__ = (
        ForeignKeyConstraint(['name'], ['musiconhold.name'], name='fk_musiconhold_entry_name_musiconhold'),
    )

    name: Mapped[str] = mapped_column(String(80), primary_key=True, autoincrement=False)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entry: Mapped[str] = mapped_column(String(1024), nullable=False)


class QueueMember(Base):
    __tablename__ = "queue_members"
    __table_args__ = (
        UniqueConstraint('uniqueid'),
    )

    queue_name: Mapped[str] = mapped_column(String(80), primary_key=True, autoincrement=False)
    interface: Mapped[str] = mapped_column(String(80), primary_key=True, autoincrement=False)
    membername: Mapped[Optional[str]] = mapped_column(String(80))
    state_interface: Mapped[Optional[str]] = mapped_column(String(80))
    penalty: Mapped[Optional[int]] = mapped_column(Integer)
    paused: Mapped[Optional[int]] = mapped_column(Integer)
    uniqueid: Mapped[int] = mapped_column(Integer, nullable=False, info={'mysql_autoincrement': True})
    wrapuptime: Mapped[Optional[int]] = mapped_column(Integer)
    ringinuse: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))
    reason_paused: Mapped[Optional[str]] = mapped_column(String(80))


class QueueRule(Base):
    __tablename__ = "queue_rules"
    # ARA gives this table no key at all; the ORM needs one, the database must not have one.
    __mapper_args__ = {"primary_key": ["rule_name", "time", "min_penalty", "max_penalty"]}

    rule_name: Mapped[str] = mapped_column(String(80), nullable=False)
    time: Mapped[str] = mapped_column(String(32), nullable=False)
    min_penalty: Mapped[str] = mapped_column(String(32), nullable=False)
    max_penalty: Mapped[str] = mapped_column(String(32), nullable=False)


class Queue(Base):
    __tablename__ = "queues"

    name: Mapped[str] = mapped_column(String(128), primary_key=True, autoincrement=False)
    musiconhold: Mapped[Optional[str]] = mapped_column(String(128))
    announce: Mapped[Optional[str]] = mapped_column(String(128))
    context: Mapped[Optional[str]] = mapped_column(String(128))
    timeout: Mapped[Optional[int]] = mapped_column(Integer)
    ringinuse: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    setinterfacevar: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    setqueuevar: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    setqueueentryvar: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    monitor_format: Mapped[Optional[str]] = mapped_column(String(8))
    membermacro: Mapped[Optional[str]] = mapped_column(String(512))
    membergosub: Mapped[Optional[str]] = mapped_column(String(512))
    queue_youarenext: Mapped[Optional[str]] = mapped_column(String(128))
    queue_thereare: Mapped[Optional[str]] = mapped_column(String(128))
    queue_callswaiting: Mapped[Optional[str]] = mapped_column(String(128))
    queue_quantity1: Mapped[Optional[str]] = mapped_column(String(128))
    queue_quantity2: Mapped[Optional[str]] = mapped_column(String(128))
    queue_holdtime: Mapped[Optional[str]] = mapped_column(String(128))
    queue_minutes: Mapped[Optional[str]] = mapped_column(String(128))
    queue_minute: Mapped[Optional[str]] = mapped_column(String(128))
    queue_seconds: Mapped[Optional[str]] = mapped_column(String(128))
    queue_thankyou: Mapped[Optional[str]] = mapped_column(String(128))
    queue_callerannounce: Mapped[Optional[str]] = mapped_column(String(128))
    queue_reporthold: Mapped[Optional[str]] = mapped_column(String(128))
    announce_frequency: Mapped[Optional[int]] = mapped_column(Integer)
    announce_to_first_user: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    min_announce_frequency: Mapped[Optional[int]] = mapped_column(Integer)
    announce_round_seconds: Mapped[Optional[int]] = mapped_column(Integer)
    announce_holdtime: Mapped[Optional[str]] = mapped_column(String(128))
    announce_position: Mapped[Optional[str]] = mapped_column(String(128))
    announce_position_limit: Mapped[Optional[int]] = mapped_column(Integer)
    periodic_announce: Mapped[Optional[str]] = mapped_column(String(50))
    periodic_announce_frequency: Mapped[Optional[int]] = mapped_column(Integer)
    relative_periodic_announce: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    random_periodic_announce: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    retry: Mapped[Optional[int]] = mapped_column(Integer)
    wrapuptime: Mapped[Optional[int]] = mapped_column(Integer)
    penaltymemberslimit: Mapped[Optional[int]] = mapped_column(Integer)
    autofill: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    monitor_type: Mapped[Optional[str]] = mapped_column(String(128))
    autopause: Mapped[Optional[str]] = mapped_column(sql_enum(E.QueueAutopauseValues))
    autopausedelay: Mapped[Optional[int]] = mapped_column(Integer)
    autopausebusy: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    autopauseunavail: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    maxlen: Mapped[Optional[int]] = mapped_column(Integer)
    servicelevel: Mapped[Optional[int]] = mapped_column(Integer)
    strategy: Mapped[Optional[str]] = mapped_column(sql_enum(E.QueueStrategyValues))
    joinempty: Mapped[Optional[str]] = mapped_column(String(128))
    leavewhenempty: Mapped[Optional[str]] = mapped_column(String(128))
    reportholdtime: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    memberdelay: Mapped[Optional[int]] = mapped_column(Integer)
    weight: Mapped[Optional[int]] = mapped_column(Integer)
    timeoutrestart: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesnoValues))
    defaultrule: Mapped[Optional[str]] = mapped_column(String(128))
    timeoutpriority: Mapped[Optional[str]] = mapped_column(String(128))
    log_restricted_caller_id: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))


class SipPeer(Base):
    __tablename__ = "sippeers"
    __table_args__ = (
        UniqueConstraint('name'),
        Index('sippeers_host_port', 'host', 'port'),
        Index('sippeers_ipaddr_port', 'ipaddr', 'port'),
        Index('sippeers_name', 'name'),
        Index('sippeers_name_host', 'name', 'host'),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    ipaddr: Mapped[Optional[str]] = mapped_column(String(45))
    port: Mapped[Optional[int]] = mapped_column(Integer)
    regseconds: Mapped[Optional[int]] = mapped_column(Integer)
    defaultuser: Mapped[Optional[str]] = mapped_column(String(40))
    fullcontact: Mapped[Optional[str]] = mapped_column(String(80))
    regserver: Mapped[Optional[str]] = mapped_column(String(20))
    useragent: Mapped[Optional[str]] = mapped_column(String(255))
    lastms: Mapped[Optional[int]] = mapped_column(Integer)
    host: Mapped[Optional[str]] = mapped_column(String(40))
    type: Mapped[Optional[str]] = mapped_column(sql_enum(E.TypeValues))
    context: Mapped[Optional[str]] = mapped_column(String(40))
    permit: Mapped[Optional[str]] = mapped_column(String(95))
    deny: Mapped[Optional[str]] = mapped_column(String(95))
    secret: Mapped[Optional[str]] = mapped_column(String(40))
    md5secret: Mapped[Optional[str]] = mapped_column(String(40))
    remotesecret: Mapped[Optional[str]] = mapped_column(String(40))
    transport: Mapped[Optional[str]] = mapped_column(sql_enum(E.SipTransportValues))
    dtmfmode: Mapped[Optional[str]] = mapped_column(sql_enum(E.SipDtmfmodeValues))
    directmedia: Mapped[Optional[str]] = mapped_column(sql_enum(E.SipDirectmediaValuesV2))
    nat: Mapped[Optional[str]] = mapped_column(String(29))
    callgroup: Mapped[Optional[str]] = mapped_column(String(40))
    pickupgroup: Mapped[Optional[str]] = mapped_column(String(40))
    language: Mapped[Optional[str]] = mapped_column(String(40))
    disallow: Mapped[Optional[str]] = mapped_column(String(200))
    allow: Mapped[Optional[str]] = mapped_column(String(200))
    insecure: Mapped[Optional[str]] = mapped_column(String(40))
    trustrpid: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    progressinband: Mapped[Optional[str]] = mapped_column(sql_enum(E.SipProgressinbandValues))
    promiscredir: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    useclientcode: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    accountcode: Mapped[Optional[str]] = mapped_column(String(80))
    setvar: Mapped[Optional[str]] = mapped_column(String(200))
    callerid: Mapped[Optional[str]] = mapped_column(String(40))
    amaflags: Mapped[Optional[str]] = mapped_column(String(40))
    callcounter: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    busylevel: Mapped[Optional[int]] = mapped_column(Integer)
    allowoverlap: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    allowsubscribe: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    videosupport: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    maxcallbitrate: Mapped[Optional[int]] = mapped_column(Integer)
    rfc2833compensate: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    mailbox: Mapped[Optional[str]] = mapped_column(String(40))
    session_timers: Mapped[Optional[str]] = mapped_column('session-timers', sql_enum(E.SipSessionTimersValues))
    session_expires: Mapped[Optional[int]] = mapped_column('session-expires', Integer)
    session_minse: Mapped[Optional[int]] = mapped_column('session-minse', Integer)
    session_refresher: Mapped[Optional[str]] = mapped_column('session-refresher', sql_enum(E.SipSessionRefresherValues))
    t38pt_usertpsource: Mapped[Optional[str]] = mapped_column(String(40))
    regexten: Mapped[Optional[str]] = mapped_column(String(40))
    fromdomain: Mapped[Optional[str]] = mapped_column(String(40))
    fromuser: Mapped[Optional[str]] = mapped_column(String(40))
    qualify: Mapped[Optional[str]] = mapped_column(String(40))
    defaultip: Mapped[Optional[str]] = mapped_column(String(45))
    rtptimeout: Mapped[Optional[int]] = mapped_column(Integer)
    rtpholdtimeout: Mapped[Optional[int]] = mapped_column(Integer)
    sendrpid: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    outboundproxy: Mapped[Optional[str]] = mapped_column(String(40))
    callbackextension: Mapped[Optional[str]] = mapped_column(String(40))
    timert1: Mapped[Optional[int]] = mapped_column(Integer)
    timerb: Mapped[Optional[int]] = mapped_column(Integer)
    qualifyfreq: Mapped[Optional[int]] = mapped_column(Integer)
    constantssrc: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    contactpermit: Mapped[Optional[str]] = mapped_column(String(95))
    contactdeny: Mapped[Optional[str]] = mapped_column(String(95))
    usereqphone: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    textsupport: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    faxdetect: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    buggymwi: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    auth: Mapped[Optional[str]] = mapped_column(String(40))
    fullname: Mapped[Optional[str]] = mapped_column(String(40))
    trunkname: Mapped[Optional[str]] = mapped_column(String(40))
    cid_number: Mapped[Optional[str]] = mapped_column(String(40))
    callingpres: Mapped[Optional[str]] = mapped_column(sql_enum(E.SipCallingpresValues))
    mohinterpret: Mapped[Optional[str]] = mapped_column(String(40))
    mohsuggest: Mapped[Optional[str]] = mapped_column(String(40))
    parkinglot: Mapped[Optional[str]] = mapped_column(String(40))
    hasvoicemail: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    subscribemwi: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    vmexten: Mapped[Optional[str]] = mapped_column(String(40))
    autoframing: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    rtpkeepalive: Mapped[Optional[int]] = mapped_column(Integer)
    call_limit: Mapped[Optional[int]] = mapped_column('call-limit', Integer)
    g726nonstandard: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    ignoresdpversion: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    allowtransfer: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    dynamic: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    path: Mapped[Optional[str]] = mapped_column(String(256))
    supportpath: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))


class StirTn(Base):
    __tablename__ = "stir_tn"

    id: Mapped[str] = mapped_column(String(80), primary_key=True, autoincrement=False)
    private_key_file: Mapped[Optional[str]] = mapped_column(String(1024))
    public_cert_url: Mapped[Optional[str]] = mapped_column(String(1024))
    attest_level: Mapped[Optional[str]] = mapped_column(String(1))
    send_mky: Mapped[Optional[str]] = mapped_column(sql_enum(E.AstBoolValues))


class Voicemail(Base):
    __tablename__ = "voicemail"
    __table_args__ = (
        Index('voicemail_context', 'context'),
        Index('voicemail_imapuser', 'imapuser'),
        Index('voicemail_mailbox', 'mailbox'),
        Index('voicemail_mailbox_context', 'mailbox', 'context'),
    )

    uniqueid: Mapped[int] = mapped_column(Integer, primary_key=True)
    context: Mapped[str] = mapped_column(String(80), nullable=False)
    mailbox: Mapped[str] = mapped_column(String(80), nullable=False)
    password: Mapped[str] = mapped_column(String(80), nullable=False)
    fullname: Mapped[Optional[str]] = mapped_column(String(80))
    alias: Mapped[Optional[str]] = mapped_column(String(80))
    email: Mapped[Optional[str]] = mapped_column(String(80))
    pager: Mapped[Optional[str]] = mapped_column(String(80))
    attach: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    attachfmt: Mapped[Optional[str]] = mapped_column(String(10))
    serveremail: Mapped[Optional[str]] = mapped_column(String(80))
    language: Mapped[Optional[str]] = mapped_column(String(20))
    tz: Mapped[Optional[str]] = mapped_column(String(30))
    deletevoicemail: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    saycid: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    sendvoicemail: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    review: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    tempgreetwarn: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    operator: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    envelope: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    sayduration: Mapped[Optional[int]] = mapped_column(Integer)
    forcename: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    forcegreetings: Mapped[Optional[str]] = mapped_column(sql_enum(E.YesNoValues))
    callback: Mapped[Optional[str]] = mapped_column(String(80))
    dialout: Mapped[Optional[str]] = mapped_column(String(80))
    exitcontext: Mapped[Optional[str]] = mapped_column(String(80))
    maxmsg: Mapped[Optional[int]] = mapped_column(Integer)
    volgain: Mapped[Optional[decimal.Decimal]] = mapped_column(Numeric(5, 2))
    imapuser: Mapped[Optional[str]] = mapped_column(String(80))
    imappassword: Mapped[Optional[str]] = mapped_column(String(80))
    imapserver: Mapped[Optional[str]] = mapped_column(String(80))
    imapport: Mapped[Optional[str]] = mapped_column(String(8))
    imapflags: Mapped[Optional[str]] = mapped_column(String(80))
    stamp: Mapped[Optional[datetime.datetime]] = mapped_column(DateTime)
