/**
 * Types of the parameter catalog (`schemas/parameters.json`). The catalog is data: every
 * validator, exporter, importer and help text reads it, so adding a Cisco parameter is one
 * entry there, never a code change.
 */

/** A client platform Cisco documents a parameter for. */
export type Platform = 'mac' | 'ios' | 'android' | 'windows';

/** Profile section a parameter lives in: URL/EMM keys under `settings`, MSI switches under `windows`. */
export type Section = 'settings' | 'windows';

/** Value type of a parameter in the canonical profile. */
export type ParameterType = 'string' | 'boolean' | 'enum' | 'list' | 'integer';

/** What a string value must look like; checked by `validate`. */
export type StringFormat =
  | 'domain' // a DNS name (no scheme, no port, no path)
  | 'host' // a host name or an IP address
  | 'url' // an absolute http(s) URL
  | 'path' // a Windows path
  | 'text'; // anything printable on one line

/** How a boolean is spelled in a text channel: the token for true and for false (null = omit). */
export interface BooleanTokens {
  true: string;
  false: string | null;
}

/** A channel a parameter travels through. */
export type ChannelId = 'url' | 'emm' | 'msi';

/** A spelling of the key or of a value found in Cisco's documents that jabber-emm does not write. */
export interface SpellingVariant {
  /** The variant spelling exactly as it appears in the document. */
  spelling: string;
  /** Why it is a variant: a documentation typo, a case difference, another channel's name. */
  note: string;
  /** Source tags (see `sources`) where the variant appears. */
  sources: string[];
  /**
   * Channels whose Cisco documents print this spelling for the parameter. Readers of those
   * channels take it (with a warning naming the spelling jabber-emm writes), never as an error;
   * elsewhere it is only a did-you-mean.
   */
  channels?: ChannelId[];
}

/**
 * A value Cisco lists with its meaning where the list is not the whole set of allowed values
 * (e.g. LANGUAGE LCIDs): shown in docs and editor completion, never enforced.
 */
export interface KnownValue {
  value: string | number;
  /** What the value means, as Cisco's table says it. */
  label: string;
  /** Why the value is doubtful, when it is. */
  note?: string;
}

/** How a parameter travels through one channel. */
export interface ChannelSpec {
  /** The parameter name in that channel, exactly as the client reads it. */
  name: string;
  /** Platforms that read the parameter through this channel. */
  platforms: Platform[];
  /** Why `name` is the spelling written here, where Cisco's documents spell it more than one way. */
  evidence?: { note: string; sources: string[] };
}

/** One Cisco Jabber parameter. */
export interface Parameter {
  /** Key in the canonical profile: the URL/EMM spelling for settings, the MSI name for windows. */
  key: string;
  section: Section;
  /** Short label for consoles (AppConfig presentation, app_restrictions title). */
  title: string;
  /** One line for admins: what it does, in Cisco's words where possible. */
  description: string;
  type: ParameterType;
  /** For strings: what the value must look like. */
  format?: StringFormat;
  /** For enum and list: the allowed tokens, exactly as Cisco spells them. */
  values?: string[];
  /** For lists: the separator in text channels. */
  separator?: string;
  /** For integers: inclusive bounds. */
  minimum?: number;
  maximum?: number;
  /** Documented values with their meaning, when they are examples rather than the allowed set. */
  knownValues?: KnownValue[];
  /** For booleans: how true/false are written in the parameter's text channels. */
  booleanTokens?: BooleanTokens;
  /** Cisco's documented default, in canonical form; exports never write it unless set. */
  default?: string | boolean | number | string[] | null;
  /** A secret (password): never printed in logs, diffs or diagnostics. */
  secret?: boolean;
  /** Platforms the parameter applies to at all. */
  platforms: Platform[];
  /** Channels that accept it. */
  channels: {
    /** `ciscojabber://provision?...` configuration URL. */
    url?: ChannelSpec;
    /** Managed app configuration (iOS AppConfig, Android managed configurations). */
    emm?: ChannelSpec;
    /** Jabber for Windows installer switch (msiexec property). */
    msi?: ChannelSpec;
  };
  /**
   * For a settings key: the windows-section switch that carries the same setting to the
   * Windows installer (e.g. ServicesDomain → SERVICES_DOMAIN).
   */
  windowsSwitch?: string;
  /** Key spellings seen in Cisco's documents that are not the one the client takes. */
  keyVariants?: SpellingVariant[];
  /** Value spellings seen in Cisco's documents, mapped to the canonical token. */
  valueVariants?: (SpellingVariant & { canonical: string })[];
  /** Source tags (see `Catalog.sources`). */
  sources: string[];
  /** First release documented to have it, when known. */
  since?: string;
  /** Caveats worth showing in `--help`/docs (doc conflicts, uncertainty). */
  notes?: string[];
}

/** A document the catalog cites. */
export interface Source {
  title: string;
  url: string;
}

/** The whole catalog file. */
export interface Catalog {
  version: number;
  sources: Record<string, Source>;
  /** Order of parameters in Cisco's URL template; the url target writes keys in this order. */
  urlOrder: string[];
  parameters: Parameter[];
}
