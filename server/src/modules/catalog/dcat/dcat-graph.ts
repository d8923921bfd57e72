/**
 * The open catalog as a DCAT-AP 3.0.1 graph: one dcat:Catalog (publisher: the data bureau),
 * a dcat:Dataset per open resource with its distributions (CSV, JSON, XLSX downloads; access via
 * the portal page), a dcat:DataService for the CKAN Action API, and a dcat:CatalogRecord per
 * dataset. Every node the range shapes check is typed (themes are skos:Concepts in the EU
 * data-theme scheme, formats dct:MediaTypeOrExtent, licences dct:LicenseDocument…), so the
 * graph passes both the DCAT-AP shapes and the range shapes.
 */
import type { Resource } from '../catalog-types.js';
import { licenseOf, modifiedOf } from '../ckan/ckan-package.js';
import { DOWNLOAD_FORMATS, portalUrls, publicFields, type DownloadFormat } from '../portal/open-catalog.js';
import {
  EU_FILE_TYPE,
  EU_FREQUENCIES,
  EU_FREQUENCY,
  EU_THEME_SCHEME,
  EU_THEMES,
  euThemes,
  IANA_MEDIA_TYPE,
  NS,
} from './dcat-vocabulary.js';

/** An RDF term: an IRI or a literal (language-tagged or typed). */
export type Term = { iri: string } | { value: string; lang?: string; datatype?: string };
/** One triple. */
export interface Triple {
  s: string;
  p: string;
  o: Term;
}

/** What the catalog node says about itself. */
export interface CatalogInfo {
  base: string;
  title: string;
  description: string;
  publisherName: string;
}

const iri = (v: string): Term => ({ iri: v });
const zh = (v: string): Term => ({ value: v, lang: 'zh' });
const en = (v: string): Term => ({ value: v, lang: 'en' });
const typed = (v: string, t: 'dateTime' | 'date' | 'decimal' | 'integer'): Term => ({ value: v, datatype: NS.xsd + t });
const plain = (v: string): Term => ({ value: v });

/** Builds the graph; the caller serialises it (Turtle, JSON-LD). */
export function buildDcatGraph(info: CatalogInfo, resources: Resource[]): Triple[] {
  const t: Triple[] = [];
  const add = (s: string, p: string, o: Term) => t.push({ s, p, o });
  const type = (s: string, cls: string) => add(s, NS.rdf + 'type', iri(cls));
  const seen = new Set<string>();
  const once = (key: string, fn: () => void) => {
    if (!seen.has(key)) {
      seen.add(key);
      fn();
    }
  };
  const { base } = info;
  const catalog = `${base}/catalog`;
  const agentOf = (code: string) => `${base}/open-data/organizations/${encodeURIComponent(code)}`;
  const agent = (id: string, name: string) =>
    once(id, () => {
      type(id, NS.foaf + 'Agent');
      add(id, NS.foaf + 'name', zh(name));
    });
  const themeScheme = () =>
    once(EU_THEME_SCHEME, () => {
      type(EU_THEME_SCHEME, NS.skos + 'ConceptScheme');
      add(EU_THEME_SCHEME, NS.dct + 'title', en('Data theme'));
    });
  const license = (r: Resource) => {
    const l = licenseOf(r);
    const id = `${base}/open-data/licenses/${l.id}`;
    once(id, () => {
      type(id, NS.dct + 'LicenseDocument');
      add(id, NS.dct + 'title', zh(l.title));
    });
    return id;
  };

  // The catalog
  type(catalog, NS.dcat + 'Catalog');
  add(catalog, NS.dct + 'title', zh(info.title));
  add(catalog, NS.dct + 'description', zh(info.description));
  const bureau = `${catalog}#publisher`;
  add(catalog, NS.dct + 'publisher', iri(bureau));
  agent(bureau, info.publisherName);
  add(catalog, NS.foaf + 'homepage', iri(`${base}/open-data`));
  type(`${base}/open-data`, NS.foaf + 'Document');
  add(catalog, NS.dcat + 'themeTaxonomy', iri(EU_THEME_SCHEME));
  themeScheme();
  if (resources.length) add(catalog, NS.dct + 'modified', typed(resources.map(modifiedOf).sort().at(-1)!, 'dateTime'));

  // The CKAN Action API as a data service
  const api = `${catalog}#ckan-api`;
  type(api, NS.dcat + 'DataService');
  add(api, NS.dct + 'title', zh('CKAN Action API（开放数据接口）'));
  add(api, NS.dcat + 'endpointURL', iri(`${base}/api/3/action`));
  add(api, NS.dcat + 'endpointDescription', iri(`${base}/api/3/action/help_show?name=package_search`));
  type(`${base}/api/3/action/help_show?name=package_search`, NS.foaf + 'Document');
  add(catalog, NS.dcat + 'service', iri(api));

  for (const r of resources) {
    const page = base + portalUrls(r.id).page;
    const ds = `${page}#dataset`;
    const dept = r.providerDepartmentName ?? r.providerDepartmentCode;
    type(ds, NS.dcat + 'Dataset');
    add(catalog, NS.dcat + 'dataset', iri(ds));
    add(api, NS.dcat + 'servesDataset', iri(ds));
    add(ds, NS.dct + 'title', zh(r.name));
    add(ds, NS.dct + 'description', zh(r.summary));
    add(ds, NS.dct + 'identifier', plain(r.code));
    add(ds, NS.dct + 'publisher', iri(agentOf(r.providerDepartmentCode)));
    agent(agentOf(r.providerDepartmentCode), dept);
    const contact = `${page}#contact`;
    type(contact, NS.vcard + 'Kind');
    add(contact, NS.vcard + 'fn', zh(dept));
    add(contact, NS.vcard + 'hasURL', iri(page));
    add(ds, NS.dcat + 'contactPoint', iri(contact));
    add(ds, NS.dcat + 'landingPage', iri(page));
    type(page, NS.foaf + 'Document');
    for (const k of new Set([...r.keywords, ...r.themes])) add(ds, NS.dcat + 'keyword', zh(k));
    for (const code of euThemes(r.themes)) {
      const theme = `${EU_THEME_SCHEME}/${code}`;
      add(ds, NS.dcat + 'theme', iri(theme));
      once(theme, () => {
        type(theme, NS.skos + 'Concept');
        add(theme, NS.skos + 'prefLabel', zh(EU_THEMES[code]!.zh));
        add(theme, NS.skos + 'prefLabel', en(EU_THEMES[code]!.en));
        add(theme, NS.skos + 'inScheme', iri(EU_THEME_SCHEME));
      });
    }
    const freq = EU_FREQUENCIES[r.updateCycle];
    if (freq) {
      add(ds, NS.dct + 'accrualPeriodicity', iri(EU_FREQUENCY + freq));
      once(EU_FREQUENCY + freq, () => type(EU_FREQUENCY + freq, NS.dct + 'Frequency'));
    }
    add(ds, NS.dct + 'issued', r.publishDate ? typed(r.publishDate.slice(0, 10), 'date') : typed(r.createdAt, 'dateTime'));
    add(ds, NS.dct + 'modified', typed(modifiedOf(r), 'dateTime'));
    if (r.currentVersion !== null) add(ds, NS.dcat + 'version', plain(String(r.currentVersion)));

    // Distributions: the downloads of the current version; access is the dataset page.
    const lic = license(r);
    if (r.currentVersion !== null) {
      for (const f of Object.keys(DOWNLOAD_FORMATS) as DownloadFormat[]) {
        const d = `${page}#${f}`;
        const fmt = DOWNLOAD_FORMATS[f];
        type(d, NS.dcat + 'Distribution');
        add(ds, NS.dcat + 'distribution', iri(d));
        add(d, NS.dct + 'title', zh(`${r.name}（${fmt.label}）`));
        add(
          d,
          NS.dct + 'description',
          zh(
            `${fmt.label} 格式下载，字段：${publicFields(r)
              .map((x) => x.title)
              .join('、')}`,
          ),
        );
        add(d, NS.dcat + 'accessURL', iri(page));
        add(d, NS.dcat + 'downloadURL', iri(base + portalUrls(r.id).download(f)));
        add(d, NS.dct + 'format', iri(EU_FILE_TYPE + fmt.euFileType));
        once(EU_FILE_TYPE + fmt.euFileType, () => type(EU_FILE_TYPE + fmt.euFileType, NS.dct + 'MediaTypeOrExtent'));
        add(d, NS.dcat + 'mediaType', iri(IANA_MEDIA_TYPE + fmt.mediaType));
        once(IANA_MEDIA_TYPE + fmt.mediaType, () => type(IANA_MEDIA_TYPE + fmt.mediaType, NS.dct + 'MediaType'));
        add(d, NS.dct + 'license', iri(lic));
        add(d, NS.dcat + 'accessService', iri(api));
        if (r.dataUpdatedAt) add(d, NS.dct + 'modified', typed(r.dataUpdatedAt, 'dateTime'));
      }
    }

    // The catalog record: when this entry of the catalog last changed.
    const rec = `${catalog}#record-${r.id}`;
    type(rec, NS.dcat + 'CatalogRecord');
    add(catalog, NS.dcat + 'record', iri(rec));
    add(rec, NS.foaf + 'primaryTopic', iri(ds));
    add(rec, NS.dct + 'modified', typed(r.updatedAt, 'dateTime'));
    add(rec, NS.dct + 'issued', typed(r.createdAt, 'dateTime'));
  }
  return t;
}
