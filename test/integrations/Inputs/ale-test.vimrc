" Vim with Debian's vim-ale, set up as docs/editors.md tells users, plus a
" function that waits for ALE to finish and writes the location list to
" $RESULT. The linter settings come from the environment:
"   $TIDY    the clang-tidy executable (clang-tidy-19, or toctou-tidy)
"   $PLUGIN  the plugin to --load, or empty
set nocompatible
filetype plugin on

" --- what docs/editors.md says ----------------------------------------------
let g:ale_linters = {'c': ['clangtidy'], 'cpp': ['clangtidy']}
let g:ale_c_clangtidy_executable = $TIDY
let g:ale_c_clangtidy_checks = ['-*', 'toctou-*']
if !empty($PLUGIN)
  let g:ale_c_clangtidy_extra_options = '--load=' . $PLUGIN
endif
let g:ale_c_build_dir_names = ['build', 'out', '_build']
packadd ale
" -----------------------------------------------------------------------------

let g:ale_linters_explicit = 1
let g:ale_set_loclist = 1

function! WaitForLint() abort
  let l:waited = 0
  sleep 200m
  while ale#engine#IsCheckingBuffer(bufnr('')) && l:waited < 60000
    sleep 100m
    let l:waited += 100
  endwhile
  let l:lines = map(getloclist(0), {_, e -> printf('%s:%d:%d: %s: %s',
        \ bufname(e.bufnr), e.lnum, e.col, e.type, e.text)})
  call writefile(l:lines + [l:waited < 60000 ? 'ALE finished' : 'ALE timed out'],
        \ $RESULT)
endfunction
