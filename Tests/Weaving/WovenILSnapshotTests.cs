using System.IO;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>
/// The woven IL of every AssemblyToProcess scenario against its approved listing in Weaving/Snapshots (see
/// <see cref="ILSnapshot"/>; docs/reliability.md says how to accept an intended change).
/// </summary>
public class WovenILSnapshotTests
{
    private static readonly string s_snapshots = Path.Combine(Paths.RepositoryRoot, "Tests", "Weaving", "Snapshots");

    [Test]
    public void EveryScenarioMatchesItsSnapshot() =>
        ILSnapshot.Verify(s_snapshots, ILSnapshot.Render(Paths.AssemblyToProcess, Woven.AssemblyPath));

    [Test]
    public void ConfiguredApisAndDenialsMatchTheirSnapshot()
    {
        var (test, _) = Woven.Weave("snapshot-configured", configuration:
            "<AuditWeaver IncludeNamespaces='AssemblyToProcess.Configured'>" +
            "<Api id='M:AssemblyToProcess.Configured.Database.Execute(System.String)' event='acme.db.execute' category='acme' arguments='sql=$0, length=str($0.Length)' />" +
            "<Api pattern='M:AssemblyToProcess.Configured.Database.Execute(System.String,*' event='acme.db.slow' category='acme' />" +
            "<Deny event='file.stat' />" +
            "</AuditWeaver>");
        ILSnapshot.Verify(Path.Combine(s_snapshots, "Configured"), ILSnapshot.Render(Paths.AssemblyToProcess, test.AssemblyPath));
    }
}
