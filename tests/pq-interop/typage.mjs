// typage (npm `age-encryption`), the TypeScript age by age's author, as a
// small command for scripts/interop-pq.sh. It is the other side of the
// interop check, so it does nothing gundo-specific.
//
//   node typage.mjs decrypt KEY_FILE [PASSPHRASE_FILE] < in.age > out
//   node typage.mjs encrypt RECIPIENT... < in > out.age
//
// KEY_FILE is an age identity file; an armored, passphrase-protected one is
// opened with PASSPHRASE_FILE's first line first (age's scrypt recipient).
import { readFileSync, writeFileSync } from "node:fs";
import * as age from "age-encryption";

const [command, ...args] = process.argv.slice(2);

async function identityLines(keyFile, passphraseFile) {
  let text = readFileSync(keyFile, "utf8");
  if (text.startsWith("-----BEGIN AGE ENCRYPTED FILE-----")) {
    const passphrase = readFileSync(passphraseFile, "utf8").split("\n")[0];
    const d = new age.Decrypter();
    d.addPassphrase(passphrase);
    text = await d.decrypt(age.armor.decode(text), "text");
  }
  return text.split("\n").map((l) => l.trim()).filter((l) => l.startsWith("AGE-SECRET-KEY-"));
}

if (command === "decrypt") {
  const d = new age.Decrypter();
  const lines = await identityLines(args[0], args[1]);
  if (lines.length === 0) throw new Error(`no identity in ${args[0]}`);
  for (const line of lines) d.addIdentity(line);
  writeFileSync(1, await d.decrypt(new Uint8Array(readFileSync(0))));
} else if (command === "encrypt") {
  const e = new age.Encrypter();
  for (const recipient of args) e.addRecipient(recipient);
  writeFileSync(1, await e.encrypt(new Uint8Array(readFileSync(0))));
} else {
  console.error("usage: typage.mjs decrypt KEY_FILE [PASSPHRASE_FILE] | encrypt RECIPIENT...");
  process.exit(2);
}
