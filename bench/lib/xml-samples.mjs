/**
 * XML files for the verification benchmark, shaped like the iOS exports: AppConfig specfiles
 * (checked against the AppConfig XSD) and managed-configuration plists (checked against Apple's
 * plist DTD). Varied per index so no two files are alike; every one is valid.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The values of sample `i`: a few strings, booleans and an integer, as a profile would hold. */
function sampleValues(i) {
  const domain = `t${i}.example.com`;
  const values = [
    ['ServicesDomain', 'string', domain],
    ['VoiceServicesDomain', 'string', `voice.${domain}`],
    ['ServiceDiscoveryExcludedServices', 'string', i % 2 ? 'WEBEX,CUP' : 'WEBEX'],
    ['Telephony_Enabled', 'string', i % 3 ? 'true' : 'false'],
    ['ForceLaunchBrowser', 'boolean', i % 5 ? 'true' : 'false'],
    ['PRTCertificateUrl', 'string', `https://pki.${domain}/prt.pem?v=${i % 9}&x=<1>`],
  ];
  if (i % 4 === 0) values.push(['InvalidCertificateBehavior', 'string', 'RejectAndNotify']);
  return values;
}

/** An AppConfig specfile (appconfigschema.xsd): version, bundleId, typed dict, presentation. */
export function appConfigSample(i) {
  const values = sampleValues(i);
  const dict = values
    .map(([key, type, value]) => `    <${type} keyName="${key}">\n      <defaultValue>\n        <value>${escapeXml(value)}</value>\n      </defaultValue>\n    </${type}>`)
    .join('\n');
  const user = i % 3 === 0 ? '\n    <string keyName="AutoLoginUserName">\n      <defaultValue>\n        <userVariable value="emailAddress"/>\n      </defaultValue>\n    </string>' : '';
  const fields = values
    .map(([key]) => `    <field keyName="${key}" type="input">\n      <label>\n        <language value="en-US">${key} label</language>\n      </label>\n      <description>\n        <language value="en-US">What ${key} does &amp; where Cisco documents it.</language>\n      </description>\n    </field>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<managedAppConfiguration>\n  <version>1</version>\n  <bundleId>com.cisco.jabberIM</bundleId>\n  <dict>\n${dict}${user}\n  </dict>\n  <presentation defaultLocale="en-US">\n${fields}\n  </presentation>\n</managedAppConfiguration>\n`;
}

/** A managed-configuration property list (PropertyList-1.0.dtd). */
export function plistSample(i) {
  const entries = sampleValues(i)
    .map(([key, type, value]) => `\t<key>${key}</key>\n\t${type === 'boolean' ? `<${value}/>` : `<string>${escapeXml(value)}</string>`}`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n${entries}\n\t<key>LANGUAGE</key>\n\t<integer>${1030 + (i % 20)}</integer>\n</dict>\n</plist>\n`;
}

/** Writes `n` specfiles and `n` plists into `dir`; returns both lists of paths. */
export function writeXmlSamples(dir, n) {
  const appconfig = [];
  const plist = [];
  for (let i = 0; i < n; i += 1) {
    const spec = path.join(dir, `appconfig-${i}.xml`);
    writeFileSync(spec, appConfigSample(i));
    appconfig.push(spec);
    const managed = path.join(dir, `managed-${i}.plist`);
    writeFileSync(managed, plistSample(i));
    plist.push(managed);
  }
  return { appconfig, plist };
}
