using System.Linq;
using System.Text;
using AuditWeaver.Catalog;

namespace AuditWeaver.Fody.Reports;

/// <summary>Writes docs/events.md, the events table, from the catalog (a test keeps the committed file in step).</summary>
internal static class EventsDocument
{
    internal static string Write(AuditCatalog catalog)
    {
        var text = new StringBuilder();
        text.Append("# Audit events\n\n");
        text.Append("Every event AuditWeaver raises, with its argument schema and the APIs whose call sites raise it. This page is\n");
        text.Append("generated from the catalog, `AuditWeaver/Catalog/audit-catalog.txt`; a test fails when the two differ. To\n");
        text.Append("regenerate it after changing the catalog: `AUDITWEAVER_UPDATE_DOCS=1 dotnet test Tests --filter EventsDocument`.\n\n");
        text.Append("An event's name starts with its category and a dot, so `file.*` selects a category. Arguments are in schema order\n");
        text.Append("(`AuditEvent.Arguments`, named by `AuditEvent.ArgumentNames`); arguments are only ever appended to a schema.\n\n");
        text.Append("| Event | Category | Arguments | Meaning | APIs |\n|---|---|---|---|---|\n");
        var entries = catalog.AllEntries.Where(e => e.Event != null).ToLookup(e => e.Event!.Name);
        foreach (var auditEvent in catalog.Events)
        {
            text.Append("| [`").Append(auditEvent.Name).Append("`](#").Append(Anchor(auditEvent.Name)).Append(") | ")
                .Append(auditEvent.Category).Append(" | ").Append(auditEvent.Arguments.Count == 0 ? "none" : "`" + string.Join(", ", auditEvent.Arguments) + "`").Append(" | ")
                .Append(auditEvent.Description.Replace("|", "\\|")).Append(" | ").Append(entries[auditEvent.Name].Count()).Append(" |\n");
        }

        foreach (var auditEvent in catalog.Events)
        {
            text.Append("\n## ").Append(auditEvent.Name).Append("\n\n");
            text.Append("`").Append(auditEvent.Name).Append('(').Append(string.Join(", ", auditEvent.Arguments)).Append(")`: ")
                .Append(auditEvent.Description).Append('\n');
            var raisedBy = entries[auditEvent.Name].ToList();
            if (raisedBy.Count == 0)
            {
                text.Append(auditEvent.Category == "audit"
                    ? "\nRaised by the runtime itself.\n"
                    : "\nRaised by the weaver at every call site of the kind described above, not by a cataloged API.\n");
                continue;
            }

            text.Append("\n| API | Arguments |\n|---|---|\n");
            foreach (var entry in raisedBy.OrderBy(e => e.MemberId, System.StringComparer.Ordinal))
            {
                text.Append("| `").Append(ShortName(entry.MemberId)).Append('`').Append(entry.Assembly == null ? string.Empty : " (" + entry.Assembly + ")").Append(" | `")
                    .Append(string.Join(", ", entry.Arguments.Select(a => a.ToString()))).Append("` |\n");
            }
        }

        return text.ToString();
    }

    // M:System.IO.File.Copy(System.String,System.String) -> System.IO.File.Copy(String, String)
    internal static string ShortName(string memberId)
    {
        var open = memberId.IndexOf('(');
        var name = open < 0 ? memberId.Substring(2) : memberId.Substring(2, open - 2);
        if (open < 0)
        {
            return name;
        }

        var parameters = memberId.Substring(open + 1, memberId.Length - open - 2).Split(',').Select(ShortType);
        return name + "(" + string.Join(", ", parameters) + ")";
    }

    private static string ShortType(string type)
    {
        var generic = type.IndexOf('{');
        var head = generic < 0 ? type : type.Substring(0, generic);
        var dot = head.LastIndexOf('.');
        return (dot < 0 ? head : head.Substring(dot + 1)) + (generic < 0 ? string.Empty : "{…}");
    }

    // GitHub's heading anchors drop dots and keep hyphens.
    private static string Anchor(string name) => name.Replace(".", string.Empty);
}
