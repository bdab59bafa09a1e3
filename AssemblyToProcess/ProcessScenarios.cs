using System.Collections.Generic;
using System.Diagnostics;

namespace AssemblyToProcess;

public class ProcessScenarios
{
    public int RunWithStartInfo(string executable, string arguments, string directory)
    {
        var info = new ProcessStartInfo(executable, arguments) { WorkingDirectory = directory, UseShellExecute = false };
        using var process = Process.Start(info)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    public int RunWithArgumentList(string executable, IEnumerable<string> arguments)
    {
        using var process = Process.Start(executable, arguments);
        process.WaitForExit();
        return process.ExitCode;
    }

    public int RunInstance(string executable, params string[] arguments)
    {
        using var process = new Process();
        process.StartInfo.FileName = executable;
        foreach (var argument in arguments)
        {
            process.StartInfo.ArgumentList.Add(argument);
        }

        process.Start();
        process.WaitForExit();
        return process.ExitCode;
    }

    public int StartAndKill(string executable, string arguments)
    {
        using var process = Process.Start(executable, arguments);
        var id = process.Id;
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return id;
    }

    public void Kill(Process process) => process.Kill();
}
