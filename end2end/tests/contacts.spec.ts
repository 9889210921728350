import { expect, test } from "@playwright/test";
import { ALICE } from "./fixtures/phone_page";
import { SimPhone } from "./fixtures/sim_phone";
import { closeOpened, openAs } from "./fixtures/softphone";

// Issue 18: contacts imported from a vCard, with a report of what was not imported, then called
// by typing part of a name under the dial pad.

const baseURL = process.env.BASE_URL ?? "http://127.0.0.1:3000";
const PHONE = "+442079460981";

test.describe.configure({ mode: "serial" });
test.afterEach(closeOpened);

const VCARD = [
  "BEGIN:VCARD", "VERSION:3.0", "N:Lovelace;Ada;;;", "TEL;TYPE=CELL:020 7946 0981", "NOTE:Listener\\, calls on Fridays", "END:VCARD",
  "BEGIN:VCARD", "VERSION:4.0", "FN:Premium Line", "TEL:0909 879 0000", "END:VCARD",
].join("\r\n");

test("a vCard is imported with a report, and a contact is called by typing part of its name", async ({ browser }) => {
  const alice = await openAs(browser, baseURL, ALICE);
  const phone = new SimPhone(await (await browser.newContext()).newPage(), PHONE);
  await phone.switchOn();

  await alice.page.getByRole("link", { name: "Contacts" }).click();
  await expect(alice.page.getByRole("heading", { name: "Contacts", level: 1 })).toBeVisible();
  await alice.page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await alice.page.getByLabel("A vCard (.vcf) or CSV file, up to 1 MB").setInputFiles({
    name: "friends.vcf",
    mimeType: "text/vcard",
    buffer: Buffer.from(VCARD),
  });
  await alice.page.getByRole("button", { name: "Import", exact: true }).click();
  const report = alice.page.getByRole("status").filter({ hasText: "Imported" });
  await expect(report).toContainText(/Imported [1-9]|Imported 0/);
  await expect(report).toContainText("Entry 2 (Premium Line): 0909 879 0000: Premium-rate numbers can't be called.");
  await expect(alice.page.locator("li.contact", { hasText: "Ada Lovelace" })).toContainText("+44 20 7946 0981");
  await expect(alice.page.locator("li.contact", { hasText: "Ada Lovelace" })).toContainText("Listener, calls on Fridays");

  // Deleting asks once more; Keep keeps it, and focus returns to the Delete button.
  const ada = alice.page.locator("li.contact", { hasText: "Ada Lovelace" });
  await ada.getByRole("button", { name: "Delete Ada Lovelace" }).click();
  const question = ada.getByRole("group", { name: "Delete this contact?" });
  await expect(question.getByRole("button", { name: "Delete", exact: true })).toBeFocused();
  await question.getByRole("button", { name: "Keep" }).click();
  await expect(ada.getByRole("button", { name: "Delete Ada Lovelace" })).toBeFocused();

  // A file that is not a contacts file is refused as a whole, saying why.
  await alice.page.getByLabel("A vCard (.vcf) or CSV file, up to 1 MB").setInputFiles({
    name: "people.csv", mimeType: "text/csv", buffer: Buffer.from("first,last\nAda,Lovelace\n"),
  });
  await alice.page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(alice.page.locator(".import-export .error-line")).toContainText('"name" column');

  // Back on the phone: "lov" finds Ada; one click calls her.
  await alice.page.getByRole("link", { name: "Back to the phone" }).click();
  await alice.page.locator("html[data-hydrated]").waitFor({ state: "attached" });
  await alice.goOnlineAndWaitReady();
  await alice.page.getByRole("searchbox", { name: "Search contacts" }).fill("lov");
  const call = alice.page.getByRole("button", { name: "Call Ada Lovelace on +44 20 7946 0981" });
  await expect(call).toBeVisible();
  await call.click();
  await phone.expectStatus("ringing");
  await phone.answer();
  await expect(alice.inCall.locator(".call-dialog__phase")).toHaveText("In call", { timeout: 10_000 });
  await alice.inCall.getByRole("button", { name: "Hang up" }).click();
  // The recent call is named after the contact.
  await expect(
    alice.page.getByRole("region", { name: "Recent calls" }).locator("li.recent").first(),
  ).toContainText("Ada Lovelace (+44 20 7946 0981)", { timeout: 10_000 });
  // The refused import's 400 is logged by the browser itself; nothing else may be.
  expect(alice.errors.filter((e) => !e.includes("status of 400 (Bad Request)"))).toEqual([]);
});
