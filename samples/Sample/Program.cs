using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using AuditWeaver;

// One line is all a program needs: every audited call site in this assembly now reports here first.
Audit.AddHook(e => Console.WriteLine("audit> " + e));

// file: a temporary folder, a file written and read back.
var folder = Directory.CreateTempSubdirectory("auditweaver-sample-").FullName;
var path = Path.Combine(folder, "hello.txt");
File.WriteAllText(path, "hello from a woven program");
Console.WriteLine("read: " + File.ReadAllText(path));

// process: a standard executable that does nothing.
using (var process = Process.Start("true"))
{
    process.WaitForExit();
    Console.WriteLine("process exited with " + process.ExitCode);
}

// network: a listener on the loopback interface and one connection to it.
var listener = new TcpListener(IPAddress.Loopback, 0);
listener.Start();
var port = ((IPEndPoint)listener.LocalEndpoint).Port;
using (var client = new TcpClient())
{
    client.Connect(IPAddress.Loopback, port);
    Console.WriteLine("connected to 127.0.0.1:" + port);
}

listener.Stop();

// A hook can also refuse: this one denies deleting files, so the delete below never happens.
Audit.AddHook(e =>
{
    if (e.Name == "file.delete")
    {
        throw new AuditDeniedException(e, "this sample never deletes files");
    }
});
try
{
    File.Delete(path);
}
catch (AuditDeniedException denied)
{
    Console.WriteLine("denied: " + denied.Message);
}

Console.WriteLine("file still exists: " + File.Exists(path));
Directory.Delete(folder, recursive: true);
