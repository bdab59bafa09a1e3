using System;
using System.IO;
using AuditWeaver;

namespace AssemblyToProcess.Configured;

/// <summary>A user's own API, audited through &lt;Api&gt; entries in the configuration the tests pass.</summary>
public static class Database
{
    public static int Execute(string sql) => sql.Length;

    public static int Execute(string sql, int timeout) => sql.Length + timeout;
}

/// <summary>A user's own API, audited through the attribute on its method.</summary>
public static class Mailer
{
    [AuditedApi("acme.mail.send")]
    public static string Send(string to, string body) => to + ":" + body;
}

public class ConfiguredScenarios
{
    public int Query(string sql) => Database.Execute(sql);

    public int QueryWithTimeout(string sql, int timeout) => Database.Execute(sql, timeout);

    public string Mail(string to, string body) => Mailer.Send(to, body);

    public bool Probe(string path) => File.Exists(path);

    [DoNotAudit]
    public bool ProbeQuietly(string path) => File.Exists(path);

    [DoNotAudit]
    public bool ProbeQuietlyInALambda(string path)
    {
        Func<bool> probe = () => File.Exists(path);
        return probe();
    }
}

[DoNotAudit]
public class QuietScenarios
{
    public bool Probe(string path) => File.Exists(path);

    public bool ProbeInLocalFunction(string path)
    {
        return Probe();

        bool Probe() => File.Exists(path);
    }

    public class Nested
    {
        public bool Probe(string path) => File.Exists(path);
    }
}
