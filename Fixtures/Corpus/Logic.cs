using System;
using System.Collections.Generic;
using System.Linq;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;
using Polly;
using Polly.Retry;
using Stateless;

namespace Corpus;

/// <summary>In-memory logic: dates and time zones, retries, validation, a state machine, dependency injection and logging.</summary>
internal static class Logic
{
    internal static void Run(Report report)
    {
        report.Step("nodatime.period", () => Period.Between(new LocalDate(2020, 2, 29), new LocalDate(2024, 3, 1)).ToString());
        report.Step("nodatime.zone", () =>
        {
            var instant = InstantPattern.General.Parse("2024-03-31T00:30:00Z").Value;
            var paris = instant.InZone(DateTimeZoneProviders.Tzdb["Europe/Paris"]);
            return paris.ToString() + " -> " + paris.Plus(Duration.FromHours(2)).ToString();
        });
        report.Step("nodatime.bad-pattern", () => LocalDatePattern.Iso.Parse("2024-02-30").Value);

        report.Step("polly.retry", () =>
        {
            var attempts = new List<int>();
            var pipeline = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 3, Delay = TimeSpan.Zero, ShouldHandle = new PredicateBuilder().Handle<InvalidOperationException>() }).Build();
            var result = pipeline.Execute(() =>
            {
                attempts.Add(attempts.Count + 1);
                return attempts.Count < 3 ? throw new InvalidOperationException("flaky") : "succeeded";
            });
            return result + " after " + string.Join(",", attempts);
        });
        report.Step("polly.exhausted", () => new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero }).Build().Execute<int>(() => throw new TimeoutException("always")));

        report.Step("fluentvalidation", () => string.Join(" | ", new OrderValidator().Validate(new Order { Id = -1, Lines = { new OrderLine { Product = string.Empty, Quantity = 0 } } }).Errors.Select(e => e.PropertyName + ": " + e.ErrorMessage)));
        report.Step("fluentvalidation.throw", () =>
        {
            new OrderValidator().ValidateAndThrow(new Order { Id = 0 });
            return "valid";
        });

        report.Step("stateless", () =>
        {
            var machine = new StateMachine<string, string>("idle");
            machine.Configure("idle").Permit("start", "running");
            machine.Configure("running").Permit("pause", "paused").Permit("stop", "idle");
            machine.Configure("paused").SubstateOf("running").Permit("resume", "running");
            var visited = new List<string>();
            machine.OnTransitioned(t => visited.Add(t.Source + ">" + t.Destination));
            machine.Fire("start");
            machine.Fire("pause");
            var inRunning = machine.IsInState("running");
            machine.Fire("stop");
            return string.Join(",", visited) + " inRunning=" + inRunning;
        });
        report.Step("stateless.invalid", () =>
        {
            new StateMachine<string, string>("idle").Fire("fly");
            return "fired";
        });

        report.Step("dependencyinjection", () =>
        {
            var messages = new List<string>();
            using var provider = new ServiceCollection()
                .AddLogging(logging => logging.AddProvider(new ListLoggerProvider(messages)))
                .AddSingleton<IClock, FixedClock>()
                .AddTransient<Greeter>()
                .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
            provider.GetRequiredService<Greeter>().Greet("Alan");
            return string.Join(" / ", messages);
        });
        report.Step("dependencyinjection.missing", () => new ServiceCollection().AddTransient<Greeter>().BuildServiceProvider().GetRequiredService<Greeter>());
    }
}

/// <summary>FluentValidation rules for an order.</summary>
internal sealed class OrderValidator : AbstractValidator<Order>
{
    public OrderValidator()
    {
        RuleFor(o => o.Id).GreaterThan(0);
        RuleFor(o => o.Customer).NotEmpty().WithMessage("a customer is needed");
        RuleForEach(o => o.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.Product).NotEmpty();
            line.RuleFor(l => l.Quantity).InclusiveBetween(1, 100);
        });
    }
}

/// <summary>A service with dependencies, for the container.</summary>
internal interface IClock
{
    int Hour { get; }
}

/// <summary>A clock that always says the same hour.</summary>
internal sealed class FixedClock : IClock
{
    public int Hour => 9;
}

/// <summary>Resolved by the container with its logger and clock.</summary>
internal sealed class Greeter
{
    private readonly ILogger<Greeter> _logger;
    private readonly IClock _clock;

    public Greeter(ILogger<Greeter> logger, IClock clock)
    {
        _logger = logger;
        _clock = clock;
    }

    public void Greet(string name) => _logger.LogInformation("Good {Part}, {Name}", _clock.Hour < 12 ? "morning" : "day", name);
}

/// <summary>Collects formatted log messages.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly List<string> _messages;

    public ListLoggerProvider(List<string> messages) => _messages = messages;

    public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, _messages);

    public void Dispose()
    {
    }

    private sealed class ListLogger : ILogger
    {
        private readonly string _category;
        private readonly List<string> _messages;

        public ListLogger(string category, List<string> messages)
        {
            _category = category;
            _messages = messages;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _messages.Add(logLevel + " " + _category + ": " + formatter(state, exception));
    }
}
