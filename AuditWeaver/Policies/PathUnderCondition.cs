using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AuditWeaver.Policies;

/// <summary>
/// Paths (the <c>path</c>, <c>source</c>, <c>destination</c>, <c>backup</c>, <c>target</c> and <c>archive</c>
/// arguments) inside one of some folders. Paths are made absolute against the current directory and <c>..</c> is
/// resolved; symbolic links are not followed.
/// </summary>
internal sealed class PathUnderCondition : RuleCondition
{
    private static readonly string[] s_pathArguments = { "path", "source", "destination", "backup", "target", "archive" };

    // A trailing separator keeps /srv/app from matching /srv/apple.
    internal PathUnderCondition(IEnumerable<string> folders)
        : base("path under", folders.Select(f => WithTrailingSeparator(Path.GetFullPath(f))))
    {
    }

    internal override IEnumerable<string> ValuesOf(AuditEvent auditEvent) => EventArguments.Named(auditEvent, s_pathArguments);

    internal override bool Matches(string value) =>
        EventArguments.FullPathOrNull(value) is { } full
        && Accepted.Any(folder => WithTrailingSeparator(full).StartsWith(folder, EventArguments.FileNameComparison));

    private static string WithTrailingSeparator(string path) =>
        path.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? path : path + Path.DirectorySeparatorChar;
}
