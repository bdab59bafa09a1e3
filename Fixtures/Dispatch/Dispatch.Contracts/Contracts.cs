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

/// <summary>Overridden in another assembly by a method of its own slot (<c>new virtual</c>), which a call to Notify never runs.</summary>
public class Notifier
{
    public virtual void Notify(string message)
    {
    }
}
