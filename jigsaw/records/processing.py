"""What each service area does with personal data: the declarations the Article 30 record of
processing activities and the public privacy notices are generated from (issue 12 §2).

Each personal-data model already declares `retention_class` and `legal_basis` (models.py);
this table adds, per area (its app label), the purpose, the classes of information, the
categories of people, the recipients and any transfers abroad. A model may add its own
`processing_note`. `jigsaw/records/tests/test_retention.py` fails for a model holding
personal data whose area is not declared here, so what the notice says is what Jigsaw does.

When a declaration changes, raise NOTICE_VERSION and add a line to NOTICE_CHANGES: the
privacy notices are versioned, and say what changed and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Processing:
    area: str  # the app label
    name: str  # what the public calls the service
    purpose: str
    information: tuple[str, ...]  # classes of information
    people: tuple[str, ...]  # categories of people it is about
    recipients: tuple[str, ...]
    transfers: str = "None. Jigsaw's data is held in the UK and is not sent abroad."
    public: bool = True  # has its own public privacy notice (the system's own records do not)


_CHILDREN_AND_FAMILIES = ("Children", "Parents and carers", "Other family members and household members")
_PARTNERS = ("Police", "Health services (GPs, hospitals, health visitors)", "Schools and colleges")
_SPECIAL = "Health, ethnicity, religion and sex life where they bear on a child's safety (special category)"

PROCESSING: dict[str, Processing] = {
    p.area: p
    for p in (
        Processing(
            "people",
            "The children's services person index",
            "To know who a child is and who their family are, so that everyone who helps them works from one record",
            ("Names, dates of birth, addresses", "Family relationships", "NHS number and school pupil number"),
            _CHILDREN_AND_FAMILIES,
            ("Staff of children's services", *_PARTNERS),
        ),
        Processing(
            "chronology",
            "The child's chronology",
            "To keep one history of the significant events in a child's life, shared by the agencies working with them",
            ("Significant events and who recorded them", _SPECIAL),
            _CHILDREN_AND_FAMILIES,
            ("Staff of children's services", *_PARTNERS, "Courts, when they order it"),
        ),
        Processing(
            "meetings",
            "Safeguarding meetings",
            "To organise and record meetings about a child's safety (conferences, reviews, core groups, panels)",
            ("Who was invited and attended", "Reports, minutes, decisions and actions", _SPECIAL),
            (*_CHILDREN_AND_FAMILIES, "Professionals who attend"),
            ("Those invited to the meeting", *_PARTNERS),
        ),
        Processing(
            "frontdoor",
            "The front door (MASH): contacts and referrals",
            "To decide, within one working day, what help a child needs when someone is worried about them",
            ("What the person who contacted us said", "The decision and why", _SPECIAL),
            (*_CHILDREN_AND_FAMILIES, "People who contact us about a child"),
            ("Staff of children's services", *_PARTNERS, "The person who made a referral (told the outcome)"),
        ),
        Processing(
            "protection",
            "Child protection",
            "To find out whether a child is suffering or likely to suffer significant harm and to protect them "
            "(Children Act 1989 section 47)",
            ("Enquiries, assessments, conferences and plans", "Criminal offence information", _SPECIAL),
            _CHILDREN_AND_FAMILIES,
            ("Agencies told when a child protection plan starts or ends", *_PARTNERS, "Courts"),
        ),
        Processing(
            "care",
            "Children in care and care leavers",
            "To look after children in the council's care and support care leavers (Children Act 1989 Part 3)",
            ("Placements, legal status, reviews, health and education plans", _SPECIAL),
            (*_CHILDREN_AND_FAMILIES, "Foster carers"),
            (
                "Independent reviewing officers",
                "Councils where a child is placed",
                *_PARTNERS,
                "The Department for Education (statistical returns)",
            ),
        ),
        Processing(
            "missing",
            "Children missing from home or care",
            "To find children who go missing, talk with them when they return and keep them safe",
            ("Missing episodes and return home interviews", _SPECIAL),
            _CHILDREN_AND_FAMILIES,
            ("Police", "Staff of children's services"),
        ),
        Processing(
            "exploitation",
            "Child exploitation",
            "To protect children and young people (to age 25) from criminal and sexual exploitation",
            ("Concerns, screenings, plans and interventions", "Criminal offence information", _SPECIAL),
            (*_CHILDREN_AND_FAMILIES, "Young adults to age 25"),
            ("Police", "Multi-agency child exploitation (MACE) panel members", *_PARTNERS),
        ),
        Processing(
            "allegations",
            "Allegations against people who work with children (LADO)",
            "To manage allegations that someone who works with children has harmed a child (Working Together 2023 "
            "chapter 4)",
            ("The allegation, meetings and outcome", "Criminal offence information"),
            ("People who work with children", "Children", "Employers"),
            ("The person's employer", "Police", "The Disclosure and Barring Service", "Regulators such as Ofsted"),
        ),
        Processing(
            "channel",
            "Channel (Prevent)",
            "To support people at risk of being drawn into terrorism (Counter-Terrorism and Security Act 2015)",
            ("Referrals, vulnerability assessments and support plans", _SPECIAL, "Criminal offence information"),
            ("Children and adults referred to Channel", "Their families"),
            ("Channel panel members", "Police (Counter Terrorism Policing)", "The Home Office"),
        ),
        Processing(
            "fgc",
            "Family group conferences",
            "To help families make their own plan to keep their children safe",
            ("The family network, the conference and the family's plan",),
            (*_CHILDREN_AND_FAMILIES, "The wider family network"),
            ("The family network invited", "Staff of children's services"),
        ),
        Processing(
            "youthjustice",
            "Youth justice",
            "To work with children who have offended, and their victims (Crime and Disorder Act 1998)",
            ("Offences and outcomes", "Assessments and interventions", "Criminal offence information", _SPECIAL),
            ("Children who have offended", "Their families", "Victims"),
            ("Courts", "Police", "The Youth Justice Board", "Probation"),
        ),
        Processing(
            "governance",
            "Information governance",
            "To record what we share and why, and to answer people's data protection rights and report breaches",
            ("Sharing decisions and their reasons", "Rights requests and their outcomes", "Data breaches"),
            (*_CHILDREN_AND_FAMILIES, "People who make a request"),
            ("The Information Commissioner's Office (breaches)",),
        ),
        Processing(
            "reviews",
            "Serious incidents and safeguarding practice reviews",
            "To notify serious incidents to the national panel, hold rapid reviews and local child safeguarding "
            "practice reviews, and publish what was learnt without naming anyone (Children Act 2004 s16C, 16F)",
            ("What agencies knew of the child and family", "The review's findings and actions", _SPECIAL),
            (*_CHILDREN_AND_FAMILIES, "Practitioners involved with the family"),
            ("The Child Safeguarding Practice Review Panel", "The three lead safeguarding partners", *_PARTNERS),
        ),
        Processing(
            "partnership",
            "The safeguarding children partnership's training, newsletters and case file audits",
            "To train the multi-agency workforce, keep professionals informed, and check how well agencies work "
            "together (Working Together to Safeguard Children 2023)",
            (
                "Course bookings: name, job role, organisation, sector, contact details, budget code, requirements",
                "Newsletter subscribers: name, organisation, email",
                "Case file audit grades and findings",
            ),
            ("Professionals who book courses or subscribe", "Children whose case files are audited"),
            ("Trainers and the partnership's staff; nothing is shared outside the partnership",),
        ),
        # The system's own records: in the Article 30 record, with no public notice of their own.
        Processing(
            "retention",
            "Retention and disposal",
            "To keep records no longer than their retention period, and prove what was disposed of (UK GDPR 5(1)(e))",
            ("Legal holds and their reasons", "Disposal batches and certificates (no personal data)"),
            ("People whose records are held or disposed of",),
            ("Nobody outside the council",),
            public=False,
        ),
        Processing(
            "subjectaccess",
            "Subject access requests",
            "To answer a person's request for their records within the month (UK GDPR Article 15)",
            ("The request, the requester and their identity check", "What was released, redacted or withheld, and why"),
            ("People who ask for their records, and those who ask for them", "Other people named in the records"),
            ("The person who asked",),
            public=False,
        ),
        Processing(
            "returns",
            "Statutory returns",
            "To make the Department for Education's children in need census and looked-after return (SSDA903) "
            "and Ofsted's lists, as the law requires (Children Act 1989; Education Act 1996 s537A)",
            ("The return's items for each child", "The validators' findings"),
            ("Children in need, on plans and looked after",),
            ("The Department for Education", "Ofsted"),
            public=False,
        ),
        Processing(
            "access",
            "Who may see whom",
            "To control and audit who may see a child's record (UK GDPR Article 32 security)",
            ("User accounts", "Involvements and emergency (break-glass) access"),
            ("Staff and partner practitioners", "Children whose records they may see"),
            ("Nobody outside the council",),
            public=False,
        ),
        Processing(
            "timescales",
            "Deadlines",
            "To make sure statutory timescales for children are met, and someone owns each one",
            ("Deadlines and who is responsible",),
            ("Children", "Staff"),
            ("Staff of children's services",),
            public=False,
        ),
        Processing(
            "notifications",
            "Notifications to staff",
            "To tell staff what needs them (emails hold no case details)",
            ("Notices to staff",),
            ("Staff", "Children the notice is about"),
            ("Nobody outside the council",),
            public=False,
        ),
        Processing(
            "api",
            "The partner API",
            "To let partner agencies' systems read and send what they are allowed to",
            ("API tokens and what they were used for",),
            ("Partner agency staff",),
            ("Partner agencies",),
            public=False,
        ),
        Processing(
            "records",
            "The disclosure log",
            "To keep a record of every disclosure of a person's information (UK GDPR Article 5(2) accountability)",
            ("What was shared, with whom, when and why",),
            _CHILDREN_AND_FAMILIES,
            ("The person themselves, in answer to a subject access request",),
            public=False,
        ),
        Processing(
            "audit",
            "The audit log",
            "To show who saw or changed each record, and when (security and accountability)",
            ("Who viewed or changed which record",),
            ("Staff", "Children and families whose records were seen"),
            ("Nobody outside the council, except the Information Commissioner on request",),
            public=False,
        ),
    )
}

# The privacy notices' version: raise it with each change to PROCESSING, and say what changed.
NOTICE_VERSION = 1
NOTICE_CHANGES: tuple[tuple[int, dt.date, str], ...] = (
    (1, dt.date(2026, 12, 8), "First published: generated from the system's own declarations."),
)

# The regulator (UK GDPR Art 77; how to complain). Its published contact details.
REGULATOR = {
    "name": "Information Commissioner's Office",
    "address": "Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF",
    "telephone": "0303 123 1113",
    "website": "https://ico.org.uk/make-a-complaint/",
}


def processing_for(app_label: str) -> Processing | None:
    return PROCESSING.get(app_label)


def public_notices() -> list[Processing]:
    return [p for p in PROCESSING.values() if p.public]
