//! `favicon.ico` for browsers and crawlers that ask for it by name: the theme's
//! `favicon.svg` rasterised to a 32×32 PNG inside an ICO container.

use super::card::{CardError, CardRenderer};

/// Side of the icon in pixels.
pub const SIZE: u32 = 32;

/// An ICO file holding `svg` drawn at 32×32.
pub fn ico_from_svg(renderer: &CardRenderer, svg: &str) -> Result<Vec<u8>, CardError> {
    let png = renderer.rasterise(svg, SIZE, SIZE)?;
    Ok(ico_with_png(&png, SIZE as u8))
}

/// Wraps one PNG image (`size`×`size`) in an ICO container (PNG entries are valid ICO
/// images since Windows Vista and in every browser).
pub fn ico_with_png(png: &[u8], size: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(22 + png.len());
    out.extend_from_slice(&[0, 0, 1, 0, 1, 0]); // reserved, type 1 = icon, one image
    out.extend_from_slice(&[size, size, 0, 0]); // width, height, no palette, reserved
    out.extend_from_slice(&1u16.to_le_bytes()); // colour planes
    out.extend_from_slice(&32u16.to_le_bytes()); // bits per pixel
    out.extend_from_slice(&(png.len() as u32).to_le_bytes());
    out.extend_from_slice(&22u32.to_le_bytes()); // offset of the image data
    out.extend_from_slice(png);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ico_wraps_a_png() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" fill=\"#0a58ca\"/></svg>";
        let ico = ico_from_svg(&CardRenderer::new(), svg).unwrap();
        assert_eq!(&ico[..6], &[0, 0, 1, 0, 1, 0]);
        assert_eq!(ico[6], 32);
        assert_eq!(&ico[22..30], b"\x89PNG\r\n\x1a\n");
        let len = u32::from_le_bytes([ico[14], ico[15], ico[16], ico[17]]) as usize;
        assert_eq!(len + 22, ico.len());
    }
}
