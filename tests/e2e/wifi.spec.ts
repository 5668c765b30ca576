import { backgroundFetchIds, closeDownloadSettings, episode, expect, openDownloadSettings, setConnectionType, startAndAwaitBytes, status, test, titles } from './fixtures.ts';

test.describe('on a phone that reports its connection type', () => {
  test.use({ connectionType: 'cellular' });

  test('with mobile data off, a download waits for Wi-Fi and starts when Wi-Fi comes', async ({ server, page }) => {
    const setting = (await openDownloadSettings(page)).getByRole('checkbox', { name: 'Download over mobile data' });
    await expect(setting).toBeChecked();
    await setting.uncheck();
    await page.reload(); // the setting is kept
    await expect((await openDownloadSettings(page)).getByRole('checkbox', { name: 'Download over mobile data' })).not.toBeChecked();
    await closeDownloadSettings(page);

    await page.getByRole('link', { name: 'Episodes', exact: true }).click();
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Waiting for Wi-Fi');
    await expect(episode(page, titles.small).getByRole('button', { name: 'Cancel' })).toBeVisible();
    expect(server.mediaRequests).toEqual([]);

    await setConnectionType(page, 'wifi');
    await expect(status(page, titles.small)).toHaveText('Downloaded');
    expect(server.mediaRequests.length).toBeGreaterThan(0);
  });

  test('with mobile data off, a download running on Wi-Fi pauses when the phone moves to cellular, and goes on with Wi-Fi', async ({ server, page }) => {
    await setConnectionType(page, 'wifi');
    await (await openDownloadSettings(page)).getByRole('checkbox', { name: 'Download over mobile data' }).uncheck();
    await closeDownloadSettings(page);
    await page.getByRole('link', { name: 'Episodes', exact: true }).click();
    server.faults.throttleBytesPerSecond = 2 * 1024 * 1024;
    await startAndAwaitBytes(page, titles.large);

    await setConnectionType(page, 'cellular');
    await expect(status(page, titles.large)).toHaveText('Waiting for Wi-Fi');
    await expect.poll(() => backgroundFetchIds(page)).toEqual([]); // the transfer itself stopped

    server.faults.throttleBytesPerSecond = 0;
    await setConnectionType(page, 'wifi');
    await expect(status(page, titles.large)).toHaveText('Downloaded');
  });

  test('with mobile data on (the default), a download on cellular starts at once', async ({ page }) => {
    await episode(page, titles.small).getByRole('button', { name: 'Download' }).click();
    await expect(status(page, titles.small)).toHaveText('Downloaded');
  });
});

test('where the browser does not report the connection type, the setting is not offered', async ({ page }) => {
  const settings = await openDownloadSettings(page);
  await expect(settings.getByRole('checkbox', { name: 'Smart downloads' })).toBeVisible(); // the sheet is open
  await expect(settings.getByRole('checkbox', { name: 'Download over mobile data' })).toHaveCount(0);
});
