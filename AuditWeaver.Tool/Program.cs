using System;
using AuditWeaver.Tool.CommandLine;

namespace AuditWeaver.Tool;

public static class Program
{
    public static int Main(string[] args) => ToolCommandLine.Run(args, Console.Out, Console.Error);
}
