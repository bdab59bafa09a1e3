using System;
using System.IO;
using Castle.DynamicProxy;
using CliWrap;
using CliWrap.Buffered;
using Flurl.Http;
using PackageUser;
using Serilog;

// Usage: PackageUser <data folder> <http url>. Each line printed is a result the woven run must reproduce exactly.
var folder = args[0];

// File, through a helper library: this assembly itself calls no file API.
DriftLibrary.Store.Save(Path.Combine(folder, "saved.txt"), "saved by DriftLibrary");
Console.WriteLine("store: saved");

// File, through Serilog's file sink.
using (var logger = new LoggerConfiguration().WriteTo.File(Path.Combine(folder, "logs", "serilog.log"), outputTemplate: "{Message:lj}{NewLine}").CreateLogger())
{
    logger.Information("first {Number}", 1);
    logger.Information("second {Number}", 2);
}

Console.WriteLine("serilog: logged");

// Process, through CliWrap.
var echo = await Cli.Wrap("echo").WithArguments("hello from echo").ExecuteBufferedAsync();
Console.WriteLine("cliwrap: " + echo.StandardOutput.Trim() + " (exit " + echo.ExitCode + ")");

// Reflection.Emit, through Castle DynamicProxy.
var greeter = new ProxyGenerator().CreateInterfaceProxyWithoutTarget<IGreeter>(new GreetingInterceptor());
Console.WriteLine("castle: " + greeter.Greet("proxy"));

// Network, through Flurl.
Console.WriteLine("flurl: " + await args[1].GetStringAsync());
