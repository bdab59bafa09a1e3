using System;
using System.IO;
using AuditWeaver.Tool.CommandLine;
using NUnit.Framework;

namespace Tests.Tool;

/// <summary>
/// What escapes a command: a file system or image error that no command turned into a message of its own (the other tests
/// show that bad input gets one) ends the run with one line and exit code 1; any other exception is a bug, let through.
/// </summary>
public class CommandGuardTests
{
    [Test]
    public void AFileSystemErrorIsOneLineNamingThePath()
    {
        AssertOneLine(new UnauthorizedAccessException("Access to the path '/app/sub' is denied."), "error: scan stopped: Access to the path '/app/sub' is denied.\n");
        AssertOneLine(new IOException("first line\nsecond line"), "error: scan stopped: first line second line\n");
    }

    [Test]
    public void AnImageErrorNamesTheFileWhenItsMessageDoesNot()
    {
        AssertOneLine(new BadImageFormatException("Bad IL format.", "/app/A.dll"), "error: scan stopped: /app/A.dll: Bad IL format.\n");
        AssertOneLine(new BadImageFormatException("/app/A.dll is damaged.", "/app/A.dll"), "error: scan stopped: /app/A.dll is damaged.\n");
    }

    [Test]
    public void ABugIsLetThrough()
    {
        var error = new StringWriter();
        Assert.Throws<NullReferenceException>(() => ToolCommandLine.Guarded("scan", error, () => throw new NullReferenceException()));
        Assert.That(error.ToString(), Is.Empty);
    }

    private static void AssertOneLine(Exception exception, string message)
    {
        var error = new StringWriter { NewLine = "\n" };
        var exitCode = ToolCommandLine.Guarded("scan", error, () => throw exception);
        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.ToString(), Is.EqualTo(message));
    }
}
