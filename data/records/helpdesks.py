"""The standard ticket exports of five help desks, recognised by their headers.

Each entry lists columns that only that help desk's export has (its signature) and, per
field, the columns it is read from, first present wins. Names come from each product's
export or report columns (web export, and the field names of its API or data loader,
which CSV extracts often keep):

- Zendesk Support: the ticket CSV export and Explore's ticket fields ("Id", "Requester id",
  "Created at", "Solved at", "Due date", "Reopens", "Assignee", "Via", "Tags",
  "Assignee stations"; the API's `requester_id`, `created_at`, `due_at`).
- Freshdesk: the ticket export ("Ticket ID", "Contact ID", "Created time", "Due by Time",
  "Resolved time", "Closed time", "Agent", "Type", "Source", "Time tracked" as h:mm;
  the API's `requester_id`, `due_by`, `is_escalated`).
- ServiceNow: the incident table (`number`, `caller_id`, `opened_at`, `closed_at`,
  `resolved_at`, `due_date`, `reopen_count`, `assigned_to`, `category`, `contact_type`),
  or its list export's labels ("Number", "Caller", "Opened", "Closed", "Reopen count").
- Jira Service Management: the issue CSV export ("Issue key", "Reporter", "Created",
  "Resolved", "Due date", "Assignee", "Issue Type", "Custom field (Request Type)").
- Salesforce Service Cloud: the Case report ("Case Number", "Account Name",
  "Date/Time Opened", "Date/Time Closed", "Case Owner", "Case Reason", "Case Origin",
  "Escalated") or the Case object's API names (`CaseNumber`, `AccountId`, `CreatedDate`,
  `ClosedDate`, `OwnerId`, `Reason`, `Origin`, `IsEscalated`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HelpDesk:
    name: str
    #: Columns only this export has; three or more present: the file is this export.
    signature: frozenset[str]
    #: Our ticket field -> the export's columns it can come from, first present wins.
    columns: dict[str, tuple[str, ...]]


HELP_DESKS: tuple[HelpDesk, ...] = (
    HelpDesk(
        "Zendesk",
        frozenset(
            {
                "Requester id",
                "Solved at",
                "Reopens",
                "Via",
                "Assignee stations",
                "Group stations",
                "Requester wait time in minutes",
                "Satisfaction Score",
            }
        ),
        {
            "customer_id": (
                "Requester id",
                "Requester external id",
                "Requester email",
                "Requester",
                "requester_id",
            ),
            "ticket_id": ("Id", "Ticket ID", "id"),
            "created_at": ("Created at", "created_at"),
            "closed_at": ("Solved at", "Closed at", "solved_at"),
            "due_at": ("Due date", "Due at", "due_at"),
            "reopens": ("Reopens", "reopens"),
            "agent": ("Assignee", "assignee_id"),
            "category": ("Tags", "Ticket type", "Type", "tags"),
            "channel": ("Via", "via"),
            "handle_minutes": ("Agent work time in minutes", "Total time spent (min)"),
        },
    ),
    HelpDesk(
        "Freshdesk",
        frozenset(
            {
                "Created time",
                "Due by Time",
                "Resolved time",
                "Closed time",
                "Agent interactions",
                "Customer interactions",
                "Resolution status",
                "First response status",
                "Time tracked",
            }
        ),
        {
            "customer_id": ("Contact ID", "Requester ID", "Email", "Full name", "requester_id"),
            "ticket_id": ("Ticket ID", "id"),
            "created_at": ("Created time", "created_at"),
            "closed_at": ("Closed time", "Resolved time"),
            "due_at": ("Due by Time", "due_by"),
            "escalated": ("is_escalated", "Escalated"),
            "handle_minutes": ("Time tracked",),
            "agent": ("Agent", "responder_id"),
            "category": ("Type", "Category", "type"),
            "channel": ("Source", "source"),
        },
    ),
    HelpDesk(
        "ServiceNow",
        frozenset(
            {
                "caller_id",
                "opened_at",
                "reopen_count",
                "incident_state",
                "contact_type",
                "assignment_group",
                "sys_updated_at",
                "sys_mod_count",
                "made_sla",
                "Reopen count",
                "Contact type",
                "Assignment group",
            }
        ),
        {
            "customer_id": ("caller_id", "Caller", "company", "Company"),
            "ticket_id": ("number", "Number"),
            "created_at": ("opened_at", "Opened"),
            "closed_at": ("closed_at", "Closed", "resolved_at", "Resolved"),
            "due_at": ("due_date", "Due date", "sla_due"),
            "reopens": ("reopen_count", "Reopen count"),
            "sla_met": ("made_sla", "Made SLA"),
            "agent": ("assigned_to", "Assigned to"),
            "category": ("category", "Category"),
            "channel": ("contact_type", "Contact type"),
        },
    ),
    HelpDesk(
        "Jira Service Management",
        frozenset(
            {
                "Issue key",
                "Issue id",
                "Issue Type",
                "Reporter",
                "Summary",
                "Custom field (Request Type)",
                "Custom field (Organizations)",
                "Resolved",
                "Status Category",
            }
        ),
        {
            "customer_id": ("Custom field (Organizations)", "Reporter", "Reporter Id"),
            "ticket_id": ("Issue key", "Issue id"),
            "created_at": ("Created",),
            "closed_at": ("Resolved",),
            "due_at": ("Due date", "Due Date"),
            "agent": ("Assignee",),
            "category": ("Custom field (Request Type)", "Issue Type"),
            "channel": ("Custom field (Source)", "Custom field (Channel)"),
            "handle_minutes": ("Time Spent",),
        },
    ),
    HelpDesk(
        "Salesforce Service Cloud",
        frozenset(
            {
                "Case Number",
                "Date/Time Opened",
                "Date/Time Closed",
                "Case Owner",
                "Case Origin",
                "Case Reason",
                "CaseNumber",
                "CreatedDate",
                "ClosedDate",
                "IsEscalated",
                "Origin",
                "OwnerId",
            }
        ),
        {
            "customer_id": (
                "Account ID",
                "AccountId",
                "Account Name",
                "Contact ID",
                "ContactId",
                "Contact Name",
            ),
            "ticket_id": ("Case Number", "CaseNumber", "Case ID", "Id"),
            "created_at": ("Date/Time Opened", "CreatedDate", "Opened Date"),
            "closed_at": ("Date/Time Closed", "ClosedDate", "Closed Date"),
            "escalated": ("Escalated", "IsEscalated"),
            "agent": ("Case Owner", "OwnerId"),
            "category": ("Case Reason", "Reason", "Type", "Case Type"),
            "channel": ("Case Origin", "Origin"),
        },
    ),
)

#: Present signature columns needed to recognise an export.
SIGNATURE_HITS = 3


def recognise(header: list[str]) -> HelpDesk | None:
    """The help desk whose export this header is (the most signature columns, at least 3)."""
    have = set(header)
    best, hits = None, 0
    for desk in HELP_DESKS:
        count = len(desk.signature & have)
        if count > hits:
            best, hits = desk, count
    return best if hits >= SIGNATURE_HITS else None
