import { expect } from 'chai';
import { highlightedHtml } from '../../lti-tool/services/search';

describe('Search snippets as HTML', () => {
  it('when a headline has markup and matches, then the markup is escaped and only the matches are marked', () => {
    expect(highlightedHtml('<img src=x onerror="alert(1)"> \uE000skola\uE001 & \'x\'')).to.equal('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>skola</mark> &amp; &#39;x&#39;');
  });

  it('when sentinels come unbalanced, then every <mark> is closed and none is nested', () => {
    expect(highlightedHtml('a \uE000b \uE000c\uE001 d\uE001 e \uE000f')).to.equal('a <mark>b c</mark> d e <mark>f</mark>');
  });
});
