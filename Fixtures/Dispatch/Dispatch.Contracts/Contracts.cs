namespace Dispatch.Contracts;

/// <summary>Implemented in another assembly: a call through it names only this interface.</summary>
public interface IStore
{
    void Save(string path, string text);
}

/// <summary>Overridden in another assembly: a call to Export names only this abstract method.</summary>
public abstract class Exporter
{
    public abstract void Export(string target);
}
