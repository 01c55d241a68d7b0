import { expect } from 'chai';
import { fieldHelpers } from '../../lti-tool/routes/http/forms';

describe('The attributes that tie a form field to its message', () => {
  it('when a field has no error, then it gets its id and only the hints it already had', () => {
    const field = fieldHelpers({});
    expect(field.attrs('title')).to.equal('id="field-title"');
    expect(field.attrs('file', 'upload-limits')).to.equal('id="field-file" aria-describedby="upload-limits"');
  });

  it('when a field has an error, then it is invalid and described by its message first, then its hints', () => {
    const field = fieldHelpers({ file: 'errors.file_macros.body' });
    expect(field.attrs('file', 'upload-limits')).to.equal('id="field-file" aria-invalid="true" aria-describedby="field-file-error upload-limits"');
    expect(field.errorId('file')).to.equal('field-file-error');
  });

  it('when a name carries markup, then the attribute cannot be broken out of', () => {
    expect(fieldHelpers({}).attrs('x" onclick="y')).to.equal('id="field-x&quot; onclick=&quot;y"');
  });
});
