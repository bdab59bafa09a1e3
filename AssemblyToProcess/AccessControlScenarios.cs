using System.IO;
using System.Security.AccessControl;

namespace AssemblyToProcess;

/// <summary>
/// FileSystemAclExtensions: creating with an access control list, reading and replacing one. The security objects are
/// passed in because they can only be built on Windows; elsewhere the members throw PlatformNotSupportedException.
/// </summary>
public class AccessControlScenarios
{
    public FileStream CreateFile(string path, FileSecurity? security) =>
        new FileInfo(path).Create(FileMode.CreateNew, FileSystemRights.Write, FileShare.None, 4096, FileOptions.None, security);

    public void CreateDirectory(string path, DirectorySecurity security) => new DirectoryInfo(path).Create(security);

    public FileSecurity GetFileAccessControl(string path) => new FileInfo(path).GetAccessControl();

    public void SetFileAccessControl(string path, FileSecurity security) => new FileInfo(path).SetAccessControl(security);

    public void SetDirectoryAccessControl(string path, DirectorySecurity security) => new DirectoryInfo(path).SetAccessControl(security);

    public void SetStreamAccessControl(string path, FileSecurity security)
    {
        using var stream = File.OpenRead(path);
        stream.SetAccessControl(security);
    }
}
