using System;
using System.Diagnostics;
using System.IO;

// The shim: starts the real app beside it with the same arguments, and exits as it did.
var start = new ProcessStartInfo("dotnet") { UseShellExecute = false };
start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sub", "LayoutApp.dll"));
foreach (var argument in args)
{
    start.ArgumentList.Add(argument);
}

using var process = Process.Start(start)!;
process.WaitForExit();
return process.ExitCode;
