package dev.dmasim.devices.camera;

import dev.dmasim.core.param.ParamDecl;
import dev.dmasim.core.param.ParamRegistry;

import java.util.List;

/**
 * The V4L2 capture device's parameters (MODEL.md: a sensor feeding ISP stages, writing lines
 * to the buffer at the head of its queue). Declared now; the camera model lands with the
 * devices issue.
 */
public final class CameraSpec {
    private CameraSpec() {}

    public static void declare(ParamRegistry r) {
        r.declare(ParamDecl.mode("cam0.mode", "1920x1080@30", "sensor mode WIDTHxHEIGHT@FPS"));
        r.declare(ParamDecl.choice("cam0.format", "NV12", List.of("NV12", "YUYV", "XRGB8888", "ARGB8888", "RGB565"),
                "pixel format written"));
        r.declare(ParamDecl.text("cam0.isp", "demosaic:1,denoise:2,csc:1",
                "ISP stages as name:cycles_per_pixel, comma separated, in pipeline order"));
        r.declare(ParamDecl.choice("cam0.memory", "dmabuf", List.of("dmabuf", "mmap"),
                "V4L2 memory type: dmabuf (imported; vb2 skips cache syncs) or mmap (vb2 syncs at QBUF/DQBUF)"));
        r.declare(ParamDecl.bool("cam0.cache_hints", false,
                "queue supports V4L2 cache hints (NO_CACHE_INVALIDATE/NO_CACHE_CLEAN honoured, mmap only)"));
    }
}
