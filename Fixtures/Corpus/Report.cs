using System;

namespace Corpus;

/// <summary>Prints each step's result, or the type and message of what it threw, with the data folder masked.</summary>
internal sealed class Report
{
    private readonly string _folder;

    internal Report(string folder) => _folder = folder;

    internal void Step(string name, Func<object?> step)
    {
        string text;
        try
        {
            text = Convert.ToString(step(), System.Globalization.CultureInfo.InvariantCulture) ?? "(null)";
        }
        catch (Exception exception)
        {
            text = "threw " + exception.GetType().FullName + ": " + exception.Message;
        }

        Console.WriteLine(name + ": " + text.Replace(_folder, "<data>", StringComparison.Ordinal).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
    }
}
