using DailyPapers.Storage;

namespace DailyPapers.Tests.Storage;

// The delivery bookkeeping and the subscriber lists, in every store.
public abstract partial class StoreContract
{
    private static readonly DateOnly DeliveryDay = new(2024, 8, 15);

    [Fact]
    public async Task Delivery_records_are_kept_per_channel_date_language_and_part_and_replaced_in_place()
    {
        // Given a store with a message being sent and another sent
        var store = (IDeliveryStore)await NewStoreAsync();
        await store.SaveDeliveryAsync(new DeliveryRecord("team", DeliveryDay, "ko", "day", "h1", DeliveryState.Sent, "1723.0001", null, Time(1)), None);
        await store.SaveDeliveryAsync(new DeliveryRecord("team", DeliveryDay, "ko", "paper:2408.1", "h2", DeliveryState.Sending, null, null, Time(2)), None);
        // and records of another channel, language and date that must not mix in
        await store.SaveDeliveryAsync(new DeliveryRecord("other", DeliveryDay, "ko", "day", "x", DeliveryState.Sent, "9", null, Time(1)), None);
        await store.SaveDeliveryAsync(new DeliveryRecord("team", DeliveryDay, "en", "day", "x", DeliveryState.Sent, "9", null, Time(1)), None);
        await store.SaveDeliveryAsync(new DeliveryRecord("team", DeliveryDay.AddDays(1), "ko", "day", "x", DeliveryState.Sent, "9", null, Time(1)), None);

        // When the second message fails and is read back
        await store.SaveDeliveryAsync(new DeliveryRecord("team", DeliveryDay, "ko", "paper:2408.1", "h3", DeliveryState.Failed, null, "Slack refused: channel_not_found", Time(3)), None);
        var records = await store.GetDeliveriesAsync("team", DeliveryDay, "ko", None);

        // Then there are exactly the two parts of that channel, date and language, the second replaced by its failure
        Assert.Equal(
            [("day", "h1", DeliveryState.Sent, (string?)"1723.0001", (string?)null, Time(1)), ("paper:2408.1", "h3", DeliveryState.Failed, null, "Slack refused: channel_not_found", Time(3))],
            records.Select(r => (r.Part, r.ContentHash, r.State, r.MessageRef, r.Error, r.UpdatedAt)));
        Assert.All(records, r => Assert.Equal(("team", DeliveryDay, "ko"), (r.Channel, r.Date, r.Language)));
        Assert.Empty(await store.GetDeliveriesAsync("team", DeliveryDay.AddDays(2), "ko", None));
    }

    [Fact]
    public async Task Subscribers_are_added_once_removed_once_and_listed_by_list_then_address()
    {
        // Given a store
        var store = (IDeliveryStore)await NewStoreAsync();

        // When addresses are added (one twice) and one is removed (then again)
        var added = new[]
        {
            await store.AddSubscriberAsync("news", "b@example.org", None),
            await store.AddSubscriberAsync("news", "a@example.org", None),
            await store.AddSubscriberAsync("news", "a@example.org", None),
            await store.AddSubscriberAsync("team", "c@example.org", None),
        };
        var removed = new[] { await store.RemoveSubscriberAsync("news", "b@example.org", None), await store.RemoveSubscriberAsync("news", "b@example.org", None) };

        // Then the second add and the second remove changed nothing, and each list holds what is left
        Assert.Equal([true, true, false, true], added);
        Assert.Equal([true, false], removed);
        Assert.Equal(["a@example.org"], (await store.GetSubscribersAsync("news", None)).Select(s => s.Email));
        Assert.Equal([("news", "a@example.org"), ("team", "c@example.org")], (await store.GetSubscribersAsync(null, None)).Select(s => (s.List, s.Email)));
        Assert.Empty(await store.GetSubscribersAsync("nobody", None));
    }
}
