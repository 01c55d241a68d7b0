// Views' date and time labels: the one formatter lives with the languages, so PDFs and calendars share it.
export { formatterFor, serverFormatter, type Formatter } from '../../i18n/format';
