using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AuditWeaver.Policies;

/// <summary>
/// The <c>executable</c> of a process start, by file name (<c>sh</c> matches <c>/bin/sh</c>, <c>cmd</c> matches
/// <c>cmd.exe</c>) or, for a name with a directory in it, by full path.
/// </summary>
internal sealed class ExecutableCondition : RuleCondition
{
    internal ExecutableCondition(IEnumerable<string> names)
        : base("executable", names)
    {
    }

    internal override IEnumerable<string> ValuesOf(AuditEvent auditEvent) => EventArguments.Named(auditEvent, "executable");

    internal override bool Matches(string value) => Accepted.Any(name => IsPath(name)
        ? string.Equals(EventArguments.FullPathOrNull(value), EventArguments.FullPathOrNull(name), EventArguments.FileNameComparison)
        : string.Equals(Path.GetFileName(value), name, EventArguments.FileNameComparison)
          || string.Equals(Path.GetFileNameWithoutExtension(value), name, EventArguments.FileNameComparison));

    private static bool IsPath(string name) =>
        name.IndexOf(Path.DirectorySeparatorChar) >= 0 || name.IndexOf(Path.AltDirectorySeparatorChar) >= 0;
}
