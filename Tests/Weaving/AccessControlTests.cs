using System;
using NUnit.Framework;
using Tests.Infrastructure;

namespace Tests.Weaving;

/// <summary>
/// FileSystemAclExtensions: creating a file or directory with an access control list is a file.open or file.mkdir,
/// replacing a list is a file.setattr of access-control, reading one a file.stat. The lists are a Windows feature: on
/// other systems the members throw PlatformNotSupportedException, and the tests check that the event came first (a
/// denial replaces that exception with the hook's own).
/// </summary>
public class AccessControlTests : TempFixture
{
    private readonly dynamic _acl = Woven.Create("AccessControlScenarios");

    [Test]
    public void CreatingAFileWithAnAccessControlListOpensIt()
    {
        var path = Temp.File("acl.txt");
        var e = Expect.Raises("file.open", new object?[] { path, "CreateNew", "Write" }, () => RunsWhereSupported(() => _acl.CreateFile(path, null)));
        Assert.That(e.Api, Does.StartWith("M:System.IO.FileSystemAclExtensions.Create(System.IO.FileInfo,"));
        Expect.Denied("file.open", () => _acl.CreateFile(path, null));
    }

    [Test]
    public void CreatingADirectoryWithAnAccessControlListIsAMkdir()
    {
        var path = Temp.File("acl-dir");
        Expect.Raises("file.mkdir", new object?[] { path }, () => RunsWhereSupported(() => _acl.CreateDirectory(path, null)));
        Expect.Denied("file.mkdir", () => _acl.CreateDirectory(path, null));
    }

    [Test]
    public void ReplacingAnAccessControlListIsAPermissionChange()
    {
        var file = Temp.Write("acl.txt", "x");
        Expect.Raises("file.setattr", new object?[] { file, "access-control", null }, () => RunsWhereSupported(() => _acl.SetFileAccessControl(file, null)));
        Expect.Raises("file.setattr", new object?[] { Temp.Path, "access-control", null }, () => RunsWhereSupported(() => _acl.SetDirectoryAccessControl(Temp.Path, null)));

        // Through an open stream the path is the stream's name; opening it raised its own file.open first.
        using (var recorder = AuditRecorder.Start())
        {
            RunsWhereSupported(() => _acl.SetStreamAccessControl(file, null));
            Assert.That(recorder.Single("file.setattr").Arguments, Is.EqualTo(new object?[] { file, "access-control", null }));
            Assert.That(recorder.Single("file.setattr").Api, Is.EqualTo("M:System.IO.FileSystemAclExtensions.SetAccessControl(System.IO.FileStream,System.Security.AccessControl.FileSecurity)"));
        }

        Expect.Denied("file.setattr", () => _acl.SetFileAccessControl(file, null));
        Expect.Denied("file.setattr", () => _acl.SetDirectoryAccessControl(Temp.Path, null));
        Expect.Denied("file.setattr", () => _acl.SetStreamAccessControl(file, null));
    }

    [Test]
    public void ReadingAnAccessControlListIsAProbe()
    {
        var file = Temp.Write("acl.txt", "x");
        Expect.Raises("file.stat", new object?[] { file, "access-control" }, () => RunsWhereSupported(() => _acl.GetFileAccessControl(file)));
    }

    // Access control lists exist on Windows only; elsewhere the member refuses after the woven site has raised its event.
    private static void RunsWhereSupported(Action action)
    {
        if (OperatingSystem.IsWindows())
        {
            action();
            return;
        }

        Assert.Throws<PlatformNotSupportedException>(() => action());
    }
}
