// The project's metrics and dimensions, asked once per page load.
import { gql } from './api.js';

let catalogCache = null;
export async function catalog() {
  if (!catalogCache) {
    catalogCache = (
      await gql('{ catalog { metrics { name description unit builtIn } dimensions { name description builtIn } } }')
    ).catalog;
  }
  return catalogCache;
}
