using System;
using System.Linq;
using AuditWeaver;
using NUnit.Framework;

namespace Tests.Infrastructure;

/// <summary>Assertions shared by the woven-behaviour tests.</summary>
internal static class Expect
{
    /// <summary>
    /// Runs <paramref name="action"/> while recording, and asserts that it raised <paramref name="eventName"/> exactly once
    /// with <paramref name="arguments"/>, reported from a woven call site (API, caller, source line known).
    /// </summary>
    internal static AuditEvent Raises(string eventName, object?[] arguments, Action action)
    {
        using var recorder = AuditRecorder.Start();
        action();
        var auditEvent = recorder.Single(eventName);
        Assert.Multiple(() =>
        {
            Assert.That(auditEvent.Arguments, Is.EqualTo(arguments), auditEvent.ToString());
            Assert.That(auditEvent.Category, Is.EqualTo(eventName.Substring(0, eventName.IndexOf('.'))));
            Assert.That(auditEvent.ArgumentNames, Has.Count.EqualTo(arguments.Length));
            Assert.That(auditEvent.Api, Does.StartWith("M:"));
            Assert.That(auditEvent.Caller, Does.StartWith("AssemblyToProcess."));
            Assert.That(auditEvent.SourceFile, Does.EndWith(".cs"));
            Assert.That(auditEvent.Line, Is.GreaterThan(0));
        });
        return auditEvent;
    }

    /// <summary>
    /// Runs <paramref name="action"/> with a hook that denies <paramref name="eventName"/> and asserts that the hook's own
    /// exception came out of the call site.
    /// </summary>
    internal static void Denied(string eventName, Action action)
    {
        using var recorder = AuditRecorder.Denying(eventName);
        var exception = Assert.Throws<AuditDeniedException>(() => action());
        Assert.That(exception!.Event, Is.SameAs(recorder.Named(eventName).Last()), "the hook's exception instance reaches the caller unchanged");
    }
}
