using System;
using System.Collections.Generic;
using System.Threading;
using AuditWeaver.Tool.Scanning;
using NUnit.Framework;

namespace Tests.Tool;

/// <summary>
/// A scan works on several threads (OrderedWork) and must still report in input order: each result is handed on once it
/// and every item before it are done, one at a time, and the first failure comes out as it was thrown.
/// </summary>
public class OrderedWorkTests
{
    [Test]
    public void ResultsAreHandedOnInItemOrderWhateverOrderTheyFinishIn()
    {
        // Item 0 finishes last: it waits until every other item has started (on the other thread).
        const int count = 12;
        var started = 0;
        var finished = new List<int>();
        var handedOn = new List<(int Item, string Result)>();
        OrderedWork.Run(
            count,
            workers: 2,
            item =>
            {
                Interlocked.Increment(ref started);
                SpinWait.SpinUntil(() => item != 0 || Volatile.Read(ref started) == count, TimeSpan.FromSeconds(30));
                lock (finished)
                {
                    finished.Add(item);
                }

                return "result " + item;
            },
            (item, result) => handedOn.Add((item, result)));

        Assert.That(finished[^1], Is.EqualTo(0), "item 0 did not finish last, so the order was never tested");
        Assert.That(handedOn, Has.Count.EqualTo(count));
        for (var i = 0; i < count; i++)
        {
            Assert.That(handedOn[i], Is.EqualTo((i, "result " + i)));
        }
    }

    [Test]
    public void TheFirstFailureComesOutAsThrownAndNoNewItemStarts()
    {
        var ran = 0;
        var failure = Assert.Throws<InvalidOperationException>(() => OrderedWork.Run<int>(
            1000,
            workers: 2,
            item =>
            {
                Interlocked.Increment(ref ran);
                Thread.Sleep(2);
                return item == 3 ? throw new InvalidOperationException("item 3 failed") : item;
            },
            (_, _) => { }));

        Assert.That(failure!.Message, Is.EqualTo("item 3 failed"));
        Assert.That(ran, Is.LessThan(100), "items went on starting after the failure");
    }
}
